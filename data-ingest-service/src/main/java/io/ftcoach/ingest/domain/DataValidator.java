package io.ftcoach.ingest.domain;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data-validation hook's checks on a snapshot's three splits (spec §3.4, §5.4 02_validate_data.py):
 * <ul>
 *   <li>fail: a line that is not one JSON object; a file that is not UTF-8; a row without a non-empty
 *       {@code text} or {@code label}; a split without rows; a missing file; a file whose sha-256 differs from
 *       the one announced;</li>
 *   <li>warn: the same {@code text} in two splits (test rows the model has trained on); a class with fewer than
 *       {@value #MIN_CLASS_PERCENT}% of the rows.</li>
 * </ul>
 * Label values against the task's label set, text length and in-split duplicates come with the full hook.
 */
public final class DataValidator {

    public static final int MIN_CLASS_PERCENT = 2;
    /** Issues listed per check and file; the rest are counted in one summary issue, so a report stays readable. */
    public static final int MAX_ISSUES_PER_KIND = 50;
    private static final int MAX_DETAIL = 200;

    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** Validates the files of train, valid and test; a split missing from the map is a failure. */
    public ValidationReport validate(Map<Split, SplitFile> files) {
        Issues issues = new Issues();
        Map<String, Occurrence> firstSeen = new HashMap<>();
        Map<String, Long> perLabel = new TreeMap<>();
        for (Split split : Split.values()) {
            SplitFile file = files.get(split);
            if (file == null) {
                issues.add(ValidationIssue.FAIL, "file", null, null, null,
                        "The snapshot has no " + split.fileName() + "; every snapshot needs train, valid and test");
                continue;
            }
            String content = read(file, issues);
            if (content != null) {
                checkRows(split, file, content, issues, firstSeen, perLabel);
            }
        }
        checkDistribution(perLabel, issues);
        return ValidationReport.of(issues.all());
    }

    private String read(SplitFile file, Issues issues) {
        if (file.path() == null) {
            issues.add(ValidationIssue.FAIL, "file", file.displayPath(), null, null,
                    file.displayPath() + " lies outside the task folder; snapshot files are named relative to it");
            return null;
        }
        if (!Files.isRegularFile(file.path())) {
            issues.add(ValidationIssue.FAIL, "file", file.displayPath(), null, null,
                    file.displayPath() + " does not exist; import the data again to recreate the snapshot");
            return null;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.path());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.path(), e);
        }
        if (file.expectedSha256() != null) {
            String actual = Sha256.hex(bytes);
            if (!actual.equalsIgnoreCase(file.expectedSha256())) {
                issues.add(ValidationIssue.FAIL, "checksum", file.displayPath(), null, null,
                        file.displayPath() + " has sha-256 " + actual + ", not the announced " + file.expectedSha256()
                                + ": it changed after the snapshot was taken; snapshots must not be edited");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            issues.add(ValidationIssue.FAIL, "encoding", file.displayPath(), null, null,
                    file.displayPath() + " is not valid UTF-8; convert it to UTF-8 and import it again");
            return null;
        }
    }

    private void checkRows(Split split, SplitFile file, String content, Issues issues,
                           Map<String, Occurrence> firstSeen, Map<String, Long> perLabel) {
        String name = file.displayPath();
        int lineNo = 0;
        int rows = 0;
        for (String line : (Iterable<String>) content.lines()::iterator) {
            lineNo++;
            if (line.isBlank()) {
                issues.add(ValidationIssue.FAIL, "json", name, lineNo, null,
                        "Line is empty; JSON Lines has exactly one JSON object on every line");
                continue;
            }
            JsonNode row;
            try {
                row = json.readTree(line);
            } catch (JacksonException e) {
                issues.add(ValidationIssue.FAIL, "json", name, lineNo, null,
                        "Not valid JSON: " + shorten(e.getOriginalMessage()));
                continue;
            }
            if (row == null || !row.isObject()) {
                issues.add(ValidationIssue.FAIL, "json", name, lineNo, null,
                        "Line is a JSON " + (row == null ? "nothing" : row.getNodeType().name().toLowerCase())
                                + ", not an object like {\"text\": …, \"label\": …}");
                continue;
            }
            rows++;
            String text = requiredString(row, "text", false, name, lineNo, issues);
            String label = requiredString(row, "label", true, name, lineNo, issues);
            if (text != null) {
                Occurrence first = firstSeen.putIfAbsent(text, new Occurrence(split, name, lineNo));
                if (first != null && first.split() != split) {
                    issues.add(ValidationIssue.WARN, "duplicates", name, lineNo, "text",
                            "The same text is in " + first.file() + " line " + first.line() + "; a row in two splits "
                                    + "lets the model be evaluated on what it trained on, keep it in one split");
                }
            }
            if (label != null) {
                perLabel.merge(label, 1L, Long::sum);
            }
        }
        if (rows == 0) {
            issues.add(ValidationIssue.FAIL, "empty_split", name, null, null,
                    name + " has no rows; the " + split.key() + " split needs rows to "
                            + switch (split) {
                                case TRAIN -> "train on";
                                case VALID -> "select checkpoints on";
                                case TEST -> "measure the model on";
                            });
        }
    }

    /** A field that must be there and non-empty; a label may also be a number (datasets often use 0/1). */
    private static String requiredString(JsonNode row, String field, boolean numberAllowed, String file, int line,
                                         Issues issues) {
        JsonNode value = row.get(field);
        if (value == null || value.isNull()) {
            issues.add(ValidationIssue.FAIL, "required_fields", file, line, field,
                    "Missing \"" + field + "\"; every row needs a non-empty text and label");
            return null;
        }
        if (value.isString() || (numberAllowed && value.isNumber())) {
            String s = value.asString();
            if (s.isBlank()) {
                issues.add(ValidationIssue.FAIL, "required_fields", file, line, field,
                        "\"" + field + "\" is empty; every row needs a non-empty text and label");
                return null;
            }
            return s;
        }
        issues.add(ValidationIssue.FAIL, "required_fields", file, line, field,
                "\"" + field + "\" is a " + value.getNodeType().name().toLowerCase() + "; it must be a "
                        + (numberAllowed ? "string or a number" : "string"));
        return null;
    }

    private static void checkDistribution(Map<String, Long> perLabel, Issues issues) {
        long total = perLabel.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return;
        }
        perLabel.forEach((label, count) -> {
            // integer arithmetic: "under 2%" must not depend on floating-point rounding
            if (count * 100 < total * MIN_CLASS_PERCENT) {
                issues.add(ValidationIssue.WARN, "distribution", null, null, "label",
                        String.format(Locale.ROOT, "Class '%s' has %d of %d rows (%.2f%%), under %d%%: the model will hardly learn "
                                        + "it; add rows of this class or merge it into another",
                                label, count, total, 100.0 * count / total, MIN_CLASS_PERCENT));
            }
        });
    }

    private static String shorten(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return one.length() > MAX_DETAIL ? one.substring(0, MAX_DETAIL) + "…" : one;
    }

    private record Occurrence(Split split, String file, int line) {
    }

    /** Collects issues, listing at most {@link #MAX_ISSUES_PER_KIND} per check and file. */
    private static final class Issues {
        private final List<ValidationIssue> listed = new ArrayList<>();
        private final Map<Kind, Integer> seen = new LinkedHashMap<>();

        void add(String severity, String check, String file, Integer line, String field, String message) {
            int n = seen.merge(new Kind(severity, check, file), 1, Integer::sum);
            if (n <= MAX_ISSUES_PER_KIND) {
                listed.add(new ValidationIssue(severity, check, file, line, field, message));
            }
        }

        List<ValidationIssue> all() {
            List<ValidationIssue> out = new ArrayList<>(listed);
            seen.forEach((kind, n) -> {
                if (n > MAX_ISSUES_PER_KIND) {
                    out.add(new ValidationIssue(kind.severity(), kind.check(), kind.file(), null, null,
                            (n - MAX_ISSUES_PER_KIND) + " more " + kind.check() + " issues"
                                    + (kind.file() == null ? "" : " in " + kind.file()) + " are not listed"));
                }
            });
            return out;
        }

        private record Kind(String severity, String check, String file) {
        }
    }
}
