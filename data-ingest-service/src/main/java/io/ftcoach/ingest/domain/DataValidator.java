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
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.text.Normalizer;

/**
 * The data-validation hook's checks on a snapshot's three splits (spec §3.4, §5.4 02_validate_data.py):
 * <ul>
 *   <li>fail: a line that is not one JSON object; a file that is not UTF-8; a row without a non-empty
 *       {@code text} or {@code label}; a split without rows; a missing file; a file whose sha-256 differs from
 *       the one announced;</li>
 *   <li>fail: a label outside the task's label set ({@code output_format.labels} of task.yaml; skipped, and said
 *       so in the summary, when the task has none);</li>
 *   <li>warn: the same normalised text (NFKC, lower case, whitespace collapsed) in two splits ({@code leakage}:
 *       rows the model is evaluated on but trained on); exact and normalised duplicates within a split; texts
 *       shorter than {@value #MIN_TEXT_CHARS} or longer than {@value #MAX_TEXT_CHARS} characters; U+FFFD
 *       replacement characters (text that was decoded wrongly before it got here); e-mail addresses and phone
 *       numbers (one PII issue per file with the count and the first lines, never the values); a class with
 *       fewer than {@value #MIN_CLASS_PERCENT}% of the rows;</li>
 *   <li>imbalance: the rows of the largest class over those of each other class; from {@value #IMBALANCE_WARN}
 *       it warns, from {@value #IMBALANCE_FAIL} it fails. A 3:1 ratio is where a classifier's minority recall
 *       visibly drops without re-weighting; at 10:1 predicting the majority alone already scores over 90%
 *       accuracy, so training on it is refused until the class is oversampled or more data added.</li>
 * </ul>
 */
public final class DataValidator {

    public static final int MIN_CLASS_PERCENT = 2;
    /** Issues listed per check and file; the rest are counted in one summary issue, so a report stays readable. */
    public static final int MAX_ISSUES_PER_KIND = 50;
    private static final int MAX_DETAIL = 200;
    public static final int MIN_TEXT_CHARS = 2;
    public static final int MAX_TEXT_CHARS = 4096;
    public static final int IMBALANCE_WARN = 3;
    public static final int IMBALANCE_FAIL = 10;
    /** Lines named in a PII issue; the count covers all of them. */
    public static final int PII_LINES_SHOWN = 5;
    private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");
    /** Phone-number candidates: an optional +country code, digits grouped by spaces, dots, dashes or brackets. */
    private static final Pattern PHONE = Pattern.compile("(?<![\\p{N}\\w])\\+?\\(?\\d(?:[\\d\\s().-]{6,22})\\d(?![\\p{N}\\w])");

    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** Validates the files of train, valid and test; a split missing from the map is a failure. */
    public ValidationReport validate(Map<Split, SplitFile> files) {
        return validate(files, null);
    }

    /**
     * Validates the files of train, valid and test against the task's label set.
     *
     * @param labelSet the labels the task allows; null when the task names none, then labels are not checked
     */
    public ValidationReport validate(Map<Split, SplitFile> files, Set<String> labelSet) {
        Issues issues = new Issues();
        Map<String, Seen> firstSeen = new HashMap<>();
        Map<String, Long> perLabel = new TreeMap<>();
        Context ctx = new Context(labelSet);
        for (Split split : Split.values()) {
            SplitFile file = files.get(split);
            if (file == null) {
                issues.add(ValidationIssue.FAIL, "file", null, null, null,
                        "The snapshot has no " + split.fileName() + "; every snapshot needs train, valid and test");
                continue;
            }
            String content = read(file, issues);
            if (content != null) {
                checkRows(split, file, content, issues, firstSeen, perLabel, ctx);
            }
        }
        checkDistribution(perLabel, issues);
        Imbalance imbalance = checkImbalance(perLabel, issues);
        List<ValidationIssue> all = issues.all();
        ValidationReport plain = ValidationReport.of(all);
        return new ValidationReport(plain.verdict(), all, perLabel, imbalance == null ? null : imbalance.ratio(),
                labelSet != null, summary(plain.verdict(), all, perLabel, imbalance, labelSet));
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
        // the JDK's String decoding is far faster than a CharsetDecoder; only when it had to put in U+FFFD (or the
        // file holds one already) does the strict decoder say whether the bytes are valid UTF-8
        String content = new String(bytes, StandardCharsets.UTF_8);
        if (content.indexOf('\uFFFD') < 0) {
            return content;
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
                           Map<String, Seen> firstSeen, Map<String, Long> perLabel, Context ctx) {
        String name = file.displayPath();
        int lineNo = 0;
        int rows = 0;
        // only texts that are not the first of their normalised form in this split: most rows never get here
        Map<String, Integer> exactInSplit = new HashMap<>();
        List<Integer> piiLines = new ArrayList<>();
        int emails = 0;
        int phones = 0;
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
                String normalised = normalise(text);
                // one map for leakage and duplicates: a million rows in three maps was most of the validation time
                Seen seen = firstSeen.get(normalised);
                Occurrence first = seen == null ? null : seen.first;
                if (seen == null) {
                    firstSeen.put(normalised, new Seen(new Occurrence(split, name, lineNo, text)));
                }
                if (first != null && first.split() != split) {
                    issues.add(ValidationIssue.WARN, "leakage", name, lineNo, "text",
                            "The same text" + (text.equals(first.text()) ? "" : " (after normalising case, width and "
                                    + "whitespace)") + " is in " + first.file() + " line " + first.line()
                                    + "; a row in two splits lets the model be evaluated on what it trained on, keep "
                                    + "it in one split");
                }
                Integer exact = null;
                Integer near = null;
                if (seen != null && seen.split != split) {
                    seen.firstInSplit(split, lineNo, text);
                } else if (seen != null) {
                    near = seen.line;
                    // the first row of a normalised form is also the first of its exact text; any later row of
                    // another exact text is in exactInSplit
                    exact = text.equals(seen.text) ? Integer.valueOf(seen.line) : exactInSplit.putIfAbsent(text, lineNo);
                }
                if (exact != null) {
                    issues.add(ValidationIssue.WARN, "duplicates", name, lineNo, "text",
                            "Exact duplicate of line " + exact + "; remove it or enable de-duplication, repeated rows "
                                    + "weigh more in training");
                } else if (near != null) {
                    issues.add(ValidationIssue.WARN, "duplicates", name, lineNo, "text",
                            "Duplicate of line " + near + " after normalising case, width and whitespace; keep one");
                }
                checkText(text, name, lineNo, issues);
                // cheap pre-checks: no '@' no e-mail address, fewer than 9 digits no phone number
                boolean email = text.indexOf('@') >= 0 && EMAIL.matcher(text).find();
                boolean phone = hasPhoneNumber(text);
                if (email) {
                    emails++;
                }
                if (phone) {
                    phones++;
                }
                if ((email || phone) && piiLines.size() < PII_LINES_SHOWN) {
                    piiLines.add(lineNo);
                }
            }
            if (label != null) {
                perLabel.merge(label, 1L, Long::sum);
                if (ctx.labelSet() != null && !ctx.labelSet().contains(label)) {
                    issues.add(ValidationIssue.FAIL, "labels", name, lineNo, "label",
                            "Label '" + shorten(label) + "' is not in the task's label set " + ctx.labelSet()
                                    + "; correct the row or add the label to output_format.labels in task.yaml");
                }
            }
        }
        if (emails + phones > 0) {
            List<String> parts = new ArrayList<>();
            if (emails > 0) {
                parts.add(emails + (emails == 1 ? " row with an e-mail address" : " rows with e-mail addresses"));
            }
            if (phones > 0) {
                parts.add(phones + (phones == 1 ? " row with a phone number" : " rows with phone numbers"));
            }
            issues.add(ValidationIssue.WARN, "pii", name, piiLines.get(0), "text",
                    String.join(" and ", parts) + " (first at line" + (piiLines.size() == 1 ? " " : "s ")
                            + piiLines.stream().map(String::valueOf).collect(Collectors.joining(", "))
                            + "); mask or remove personal data before training, a model can repeat it");
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

    private static void checkText(String text, String file, int line, Issues issues) {
        int chars = text.codePointCount(0, text.length());
        if (chars < MIN_TEXT_CHARS) {
            issues.add(ValidationIssue.WARN, "text_length", file, line, "text",
                    "Text has " + chars + " character; under " + MIN_TEXT_CHARS + " there is nothing to learn from, "
                            + "remove the row or fill in the text");
        } else if (chars > MAX_TEXT_CHARS) {
            issues.add(ValidationIssue.WARN, "text_length", file, line, "text",
                    "Text has " + chars + " characters, over " + MAX_TEXT_CHARS + "; it will be truncated at the "
                            + "model's context, shorten or split it");
        }
        if (text.indexOf('\uFFFD') >= 0) {
            issues.add(ValidationIssue.WARN, "replacement_chars", file, line, "text",
                    "Text contains the replacement character U+FFFD: it was decoded with the wrong encoding before "
                            + "it got here; re-import it from the source with the right encoding");
        }
    }

    /** A run of 9 to 15 digits, grouped or not, counts as a phone number; fewer would flag dates and prices. */
    static boolean hasPhoneNumber(String text) {
        // PHONE's \d is ASCII, so a match has only ASCII digits: a text with fewer than 9 has none
        int asciiDigits = 0;
        for (int i = 0; i < text.length() && asciiDigits < 9; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                asciiDigits++;
            }
        }
        if (asciiDigits < 9) {
            return false;
        }
        Matcher m = PHONE.matcher(text);
        while (m.find()) {
            long digits = m.group().chars().filter(Character::isDigit).count();
            if (digits >= 9 && digits <= 15) {
                return true;
            }
        }
        return false;
    }

    /** NFKC, lower case (locale-independent), runs of whitespace as one space, stripped. */
    static String normalise(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return collapseWhitespace(nfkc).strip();
    }

    /** As {@code s.replaceAll("\\s+", " ")} (\s: ASCII whitespace only), without a regex on every row. */
    static String collapseWhitespace(String s) {
        int i = 0;
        int n = s.length();
        // most texts have no whitespace to change: return them as they are
        while (i < n) {
            char c = s.charAt(i);
            if (isRegexSpace(c) && (c != ' ' || (i + 1 < n && isRegexSpace(s.charAt(i + 1))))) {
                break;
            }
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder out = new StringBuilder(n).append(s, 0, i);
        while (i < n) {
            char c = s.charAt(i);
            if (isRegexSpace(c)) {
                out.append(' ');
                while (i < n && isRegexSpace(s.charAt(i))) {
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** One issue per class whose rows are a third or less of the largest class's, see the class comment. */
    private static Imbalance checkImbalance(Map<String, Long> perLabel, Issues issues) {
        if (perLabel.size() < 2) {
            return null;
        }
        Map.Entry<String, Long> largest = perLabel.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        Map.Entry<String, Long> smallest = perLabel.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
        perLabel.forEach((label, count) -> {
            // integer comparisons: a band must not depend on floating-point rounding
            if (count * IMBALANCE_WARN <= largest.getValue()) {
                boolean fail = count * IMBALANCE_FAIL <= largest.getValue();
                issues.add(fail ? ValidationIssue.FAIL : ValidationIssue.WARN, "imbalance", null, null, "label",
                        String.format(Locale.ROOT, "%s has %d%% of the rows of %s (%d vs %d, ratio %.1f, %s from %d): "
                                        + "oversample or add data",
                                label, Math.round(100.0 * count / largest.getValue()), largest.getKey(), count,
                                largest.getValue(), (double) largest.getValue() / count, fail ? "fail" : "warn",
                                fail ? IMBALANCE_FAIL : IMBALANCE_WARN));
            }
        });
        return new Imbalance(largest.getKey(), smallest.getKey(), (double) largest.getValue() / smallest.getValue());
    }

    private static String summary(Verdict verdict, List<ValidationIssue> issues, Map<String, Long> perLabel,
                                  Imbalance imbalance, Set<String> labelSet) {
        long total = perLabel.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder b = new StringBuilder();
        long fails = issues.stream().filter(ValidationIssue::isFailure).count();
        b.append(switch (verdict) {
            case PASS -> "The data passes every check.";
            case WARN -> "The data can be trained on, with " + issues.size() + " warning(s) worth a look.";
            case FAIL -> "The data fails " + fails + " check(s); fix them before training.";
        });
        b.append(' ').append(total).append(" labelled rows");
        if (!perLabel.isEmpty()) {
            b.append(": ").append(perLabel.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")));
        }
        b.append('.');
        if (imbalance != null) {
            b.append(String.format(Locale.ROOT, " Imbalance ratio %.1f (%s / %s).", imbalance.ratio(),
                    imbalance.largest(), imbalance.smallest()));
        }
        Map<String, Long> byCheck = issues.stream().collect(Collectors.groupingBy(ValidationIssue::check,
                TreeMap::new, Collectors.counting()));
        if (!byCheck.isEmpty()) {
            b.append(" Issues by check: ").append(byCheck.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "))).append('.');
        }
        if (labelSet == null) {
            b.append(" Labels were not checked: the task names no label set (output_format.labels in task.yaml).");
        }
        return b.toString();
    }

    private static String shorten(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return one.length() > MAX_DETAIL ? one.substring(0, MAX_DETAIL) + "…" : one;
    }

    private record Occurrence(Split split, String file, int line, String text) {
    }

    /** A normalised text: where it was first seen at all (leakage), and first in the split being read (duplicates). */
    private static final class Seen {
        final Occurrence first;
        Split split;
        int line;
        String text;

        Seen(Occurrence first) {
            this.first = first;
            firstInSplit(first.split(), first.line(), first.text());
        }

        void firstInSplit(Split split, int line, String text) {
            this.split = split;
            this.line = line;
            this.text = text;
        }
    }

    private record Context(Set<String> labelSet) {
    }

    private record Imbalance(String largest, String smallest, double ratio) {
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
