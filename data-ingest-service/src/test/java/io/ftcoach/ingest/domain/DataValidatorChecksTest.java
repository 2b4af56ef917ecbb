package io.ftcoach.ingest.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Table-style tests of each check of {@link DataValidator}: a train split, the label set, the issues expected. */
class DataValidatorChecksTest {

    private static final String TRAIN = "data/train.jsonl";
    private static final String VALID = "data/valid.jsonl";
    /** valid and test: three rows of a and b each, no text shared with the tables' train rows */
    private static final String VALID_ROWS = row("valid one", "a") + row("valid two", "b") + row("valid three", "a")
            + row("valid four", "b") + row("valid five", "a") + row("valid six", "b");
    private static final String TEST_ROWS = VALID_ROWS.replace("valid", "test");

    @TempDir
    Path dir;
    private final DataValidator validator = new DataValidator();

    private static String row(String text, Object label) {
        String l = label instanceof String s ? "\"" + s + "\"" : String.valueOf(label);
        return "{\"text\":\"" + text + "\",\"label\":" + l + "}\n";
    }

    private Map<Split, SplitFile> files(String train, String valid, String test) throws IOException {
        Map<Split, SplitFile> files = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            String content = switch (split) {
                case TRAIN -> train;
                case VALID -> valid;
                case TEST -> test;
            };
            Path p = dir.resolve(split.fileName());
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            Files.write(p, bytes);
            files.put(split, new SplitFile("data/" + split.fileName(), p, Sha256.hex(bytes)));
        }
        return files;
    }

    static Stream<Arguments> checks() {
        String longText = "y".repeat(DataValidator.MAX_TEXT_CHARS);
        return Stream.of(
                arguments("a label outside the set fails; a numeric label is compared as text", "labels",
                        row("fine", "a") + row("other", "c") + row("numeric", 1), Set.of("a", "b", "1"),
                        List.of(tuple("fail", TRAIN, 2, "label"))),
                arguments("without a label set labels are not checked", "labels",
                        row("fine", "a") + row("other", "c"), null, List.of()),
                arguments("under 2 or over 4096 characters warns; the bounds themselves pass", "text_length",
                        row("x", "a") + row("ok", "b") + row(longText + "y", "a") + row(longText, "b"), null,
                        List.of(tuple("warn", TRAIN, 1, "text"), tuple("warn", TRAIN, 3, "text"))),
                arguments("a length counts code points, not UTF-16 units", "text_length",
                        row("😀", "a") + row("😀😀", "b"), null, List.of(tuple("warn", TRAIN, 1, "text"))),
                arguments("an empty or blank text fails as a missing required field", "required_fields",
                        row("", "a") + row("   ", "b") + row("ok", "a"), null,
                        List.of(tuple("fail", TRAIN, 1, "text"), tuple("fail", TRAIN, 2, "text"))),
                arguments("a U+FFFD replacement character warns", "replacement_chars",
                        row("fine text", "a") + row("bad \uFFFD text", "b"), null,
                        List.of(tuple("warn", TRAIN, 2, "text"))),
                arguments("exact and normalised (case, NFKC width, whitespace) duplicates within a split warn",
                        "duplicates",
                        row("Hello  World", "a") + row("hello world", "b") + row("Hello  World", "a")
                                + row("ＨＥＬＬＯ\\tworld", "b") + row("hello there", "a"), null,
                        List.of(tuple("warn", TRAIN, 2, "text"), tuple("warn", TRAIN, 3, "text"),
                                tuple("warn", TRAIN, 4, "text"))),
                arguments("the same normalised text in train and valid is leakage, reported at the later line",
                        "leakage", row("VALID  One", "a") + row("unrelated", "b"), null,
                        List.of(tuple("warn", VALID, 1, "text"))),
                arguments("e-mail addresses and phone numbers give one PII warning per file at the first line",
                        "pii", row("mail me at someone@example.com", "a") + row("call +886 912-345-678 now", "b")
                                + row("on 2024-01-15 it cost 1234.50", "a") + row("order 12345", "b"), null,
                        List.of(tuple("warn", TRAIN, 1, "text"))),
                arguments("dates, prices and short numbers are no phone numbers", "pii",
                        row("on 2024-01-15 it cost 1234.50", "a") + row("order 12345, room 101", "b"), null,
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void eachCheckReportsFileLineAndField(String description, String check, String train, Set<String> labels,
                                          List<org.assertj.core.groups.Tuple> expected) throws IOException {
        ValidationReport report = validator.validate(files(train, VALID_ROWS, TEST_ROWS), labels);
        assertThat(report.issues()).filteredOn(i -> i.check().equals(check))
                .extracting(ValidationIssue::severity, ValidationIssue::file, ValidationIssue::line,
                        ValidationIssue::field)
                .as(report.issues().toString())
                .containsExactlyElementsOf(expected);
        assertThat(report.labelsChecked()).isEqualTo(labels != null);
    }

    @Test
    void thePiiWarningCountsRowsAndNamesLinesButNeverTheValues() throws IOException {
        String train = row("mail me at someone@example.com", "a") + row("call +886 912-345-678 now", "b")
                + row("or (02) 2345-6789 or a@b.io", "a");
        ValidationReport report = validator.validate(files(train, VALID_ROWS, TEST_ROWS), null);
        assertThat(report.issues()).filteredOn(i -> i.check().equals("pii")).singleElement().satisfies(i -> {
            assertThat(i.message()).startsWith("2 rows with e-mail addresses and 2 rows with phone numbers "
                    + "(first at lines 1, 2, 3)");
            assertThat(i.message()).doesNotContain("someone", "example.com", "912", "2345", "a@b.io");
        });
    }

    @Test
    void leakageMessageNamesTheFirstOccurrence() throws IOException {
        ValidationReport report = validator.validate(files(row("VALID  One", "a"), VALID_ROWS, TEST_ROWS), null);
        assertThat(report.issues()).filteredOn(i -> i.check().equals("leakage")).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("after normalising").contains("data/train.jsonl line 1"));
    }

    /** Rows of a and b over all splits: valid and test hold one a each, train the rest. */
    @ParameterizedTest(name = "a={0} b={1} → {2}")
    @CsvSource({
            "2, 1, ",
            "5, 2, ",
            "3, 1, warn",
            "9, 1, warn",
            "6, 2, warn",
            "10, 1, fail",
            "20, 2, fail",
            "19, 2, warn",
    })
    void imbalanceBands(int a, int b, String severity) throws IOException {
        StringBuilder train = new StringBuilder();
        for (int i = 0; i < a - 2; i++) {
            train.append(row("a row " + i, "a"));
        }
        for (int i = 0; i < b; i++) {
            train.append(row("b row " + i, "b"));
        }
        ValidationReport report = validator.validate(files(train.toString(), row("valid a", "a"),
                row("test a", "a")), null);
        List<ValidationIssue> imbalance = report.issues().stream().filter(i -> i.check().equals("imbalance")).toList();
        assertThat(report.imbalanceRatio()).isEqualTo((double) a / b);
        if (severity == null) {
            assertThat(imbalance).isEmpty();
        } else {
            assertThat(imbalance).singleElement().satisfies(i -> {
                assertThat(i.severity()).isEqualTo(severity);
                assertThat(i.file()).isNull();
                assertThat(i.line()).isNull();
                assertThat(i.field()).isEqualTo("label");
                assertThat(i.message()).startsWith("b has " + Math.round(100.0 * b / a) + "% of the rows of a ("
                        + b + " vs " + a).endsWith("oversample or add data");
            });
        }
    }

    @Test
    void theSummaryStatesVerdictDistributionRatioAndTheIssuesByCheck() throws IOException {
        String train = row("negative row", "negative") + row("positive one", "positive")
                + row("positive two", "positive") + row("positive two", "positive");
        ValidationReport report = validator.validate(files(train, row("valid positive", "positive"),
                row("test positive", "positive")), Set.of("positive", "negative"));
        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
        assertThat(report.summary()).isEqualTo("The data can be trained on, with 2 warning(s) worth a look. "
                + "6 labelled rows: negative 1, positive 5. Imbalance ratio 5.0 (positive / negative). "
                + "Issues by check: duplicates 1, imbalance 1.");
        assertThat(report.issues()).filteredOn(i -> i.check().equals("imbalance")).singleElement()
                .satisfies(i -> assertThat(i.message()).startsWith("negative has 20% of the rows of positive"));
    }

    @Test
    void issuesPerCheckAndFileAreLimited() throws IOException {
        StringBuilder train = new StringBuilder();
        for (int i = 0; i < DataValidator.MAX_ISSUES_PER_KIND + 5; i++) {
            train.append(row("z", i % 2 == 0 ? "a" : "b"));
        }
        ValidationReport report = validator.validate(files(train.toString(), VALID_ROWS, TEST_ROWS), null);
        List<ValidationIssue> lengths = report.issues().stream().filter(i -> i.check().equals("text_length")).toList();
        assertThat(lengths).hasSize(DataValidator.MAX_ISSUES_PER_KIND + 1);
        assertThat(lengths.get(DataValidator.MAX_ISSUES_PER_KIND).message())
                .isEqualTo("5 more text_length issues in data/train.jsonl are not listed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Hello  World|hello world",
            "  ＡＢＣ\t１２３ |abc 123",
            "ﬁne|fine",
            "服務很好|服務很好",
    })
    void normalisationIsNfkcLowerCaseAndCollapsedWhitespace(String text, String expected) {
        assertThat(DataValidator.normalise(text)).isEqualTo(expected);
    }
}
