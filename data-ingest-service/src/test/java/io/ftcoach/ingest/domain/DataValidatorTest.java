package io.ftcoach.ingest.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

class DataValidatorTest {

    @TempDir
    Path dir;
    private final DataValidator validator = new DataValidator();

    private Map<Split, SplitFile> files(String train, String valid, String test) throws IOException {
        Map<Split, SplitFile> files = new EnumMap<>(Split.class);
        write(files, Split.TRAIN, train.getBytes(StandardCharsets.UTF_8));
        write(files, Split.VALID, valid.getBytes(StandardCharsets.UTF_8));
        write(files, Split.TEST, test.getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private void write(Map<Split, SplitFile> files, Split split, byte[] content) throws IOException {
        Path p = dir.resolve(split.fileName());
        Files.write(p, content);
        files.put(split, new SplitFile("data/" + split.fileName(), p, Sha256.hex(content)));
    }

    private static String rows(String label, int n, String prefix) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("{\"text\":\"").append(prefix).append(i).append("\",\"label\":\"").append(label).append("\"}\n");
        }
        return b.toString();
    }

    @Test
    void cleanDataPasses() throws IOException {
        ValidationReport report = validator.validate(files(rows("a", 3, "t") + rows("b", 3, "u"),
                rows("a", 1, "v") + rows("b", 1, "w"), rows("b", 2, "x") + rows("a", 1, "y")));
        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.issues()).isEmpty();
        assertThat(report.classDistribution()).containsExactly(entry("a", 5L), entry("b", 6L));
        assertThat(report.imbalanceRatio()).isEqualTo(1.2);
        assertThat(report.labelsChecked()).isFalse();
        assertThat(report.summary()).startsWith("The data passes every check. 11 labelled rows: a 5, b 6.")
                .contains("Labels were not checked: the task names no label set");
    }

    @Test
    void everyBadLineFailsWithFileLineAndField() throws IOException {
        String train = "{\"text\":\"ok\",\"label\":\"a\"}\n"
                + "not json\n"
                + "\n"
                + "[1,2]\n"
                + "{\"label\":\"a\"}\n"
                + "{\"text\":\"  \",\"label\":\"a\"}\n"
                + "{\"text\":\"fine\",\"label\":[\"a\"]}\n"
                + "{\"text\":\"x\",\"label\":\"a\"} {}\n";
        ValidationReport report = validator.validate(files(train, rows("a", 1, "v"), rows("a", 1, "t")));

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.issues()).extracting(ValidationIssue::severity, ValidationIssue::check,
                        ValidationIssue::file, ValidationIssue::line, ValidationIssue::field)
                .containsExactly(
                        tuple("fail", "json", "data/train.jsonl", 2, null),
                        tuple("fail", "json", "data/train.jsonl", 3, null),
                        tuple("fail", "json", "data/train.jsonl", 4, null),
                        tuple("fail", "required_fields", "data/train.jsonl", 5, "text"),
                        tuple("fail", "required_fields", "data/train.jsonl", 6, "text"),
                        tuple("fail", "required_fields", "data/train.jsonl", 7, "label"),
                        tuple("fail", "json", "data/train.jsonl", 8, null));
        assertThat(report.issues().get(2).message()).contains("array");
        assertThat(report.issues().get(3).message()).contains("Missing \"text\"");
    }

    @Test
    void anEmptySplitFails() throws IOException {
        ValidationReport report = validator.validate(files(rows("a", 2, "t"), "", rows("a", 1, "x")));
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.issues()).singleElement().satisfies(i -> {
            assertThat(i.check()).isEqualTo("empty_split");
            assertThat(i.file()).isEqualTo("data/valid.jsonl");
            assertThat(i.line()).isNull();
        });
    }

    @Test
    void theSameTextInTwoSplitsIsLeakageAtTheLaterLine() throws IOException {
        ValidationReport report = validator.validate(files(rows("a", 3, "t"), rows("a", 1, "v"),
                "{\"text\":\"other\",\"label\":\"a\"}\n{\"text\":\"t1\",\"label\":\"a\"}\n"));
        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
        assertThat(report.issues()).singleElement().satisfies(i -> {
            assertThat(i.severity()).isEqualTo("warn");
            assertThat(i.check()).isEqualTo("leakage");
            assertThat(i.file()).isEqualTo("data/test.jsonl");
            assertThat(i.line()).isEqualTo(2);
            assertThat(i.field()).isEqualTo("text");
            assertThat(i.message()).contains("data/train.jsonl line 2");
        });
    }

    @Test
    void duplicatesWithinOneSplitWarnAtTheRepeatedLine() throws IOException {
        ValidationReport report = validator.validate(files(rows("a", 2, "t") + rows("a", 2, "t"),
                rows("a", 1, "v"), rows("a", 1, "x")));
        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
        assertThat(report.issues()).extracting(ValidationIssue::check, ValidationIssue::file, ValidationIssue::line)
                .containsExactly(tuple("duplicates", "data/train.jsonl", 3), tuple("duplicates", "data/train.jsonl", 4));
        assertThat(report.issues().get(0).message()).startsWith("Exact duplicate of line 1");
    }

    @Test
    void aClassUnderTwoPercentWarns() throws IOException {
        // 1 of 51 rows is 1.96 %: under 2 %
        ValidationReport report = validator.validate(files(rows("big", 48, "t") + rows("rare", 1, "r"),
                rows("big", 1, "v"), rows("big", 1, "x")));
        // 50:1 is also far beyond the imbalance fail band
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.issues()).extracting(ValidationIssue::severity, ValidationIssue::check)
                .containsExactly(tuple("warn", "distribution"), tuple("fail", "imbalance"));
        assertThat(report.issues()).first().satisfies(i -> {
            assertThat(i.check()).isEqualTo("distribution");
            assertThat(i.file()).isNull();
            assertThat(i.field()).isEqualTo("label");
            assertThat(i.message()).startsWith("Class 'rare' has 1 of 51 rows (1.96%), under 2%");
        });
    }

    @Test
    void aClassWithExactlyTwoPercentDoesNotWarn() throws IOException {
        ValidationReport report = validator.validate(files(rows("big", 47, "t") + rows("rare", 1, "r"),
                rows("big", 1, "v"), rows("big", 1, "x")));
        assertThat(report.issues()).extracting(ValidationIssue::check).containsExactly("imbalance");
    }

    @Test
    void missingChangedAndNonUtf8FilesFail() throws IOException {
        Map<Split, SplitFile> files = files(rows("a", 1, "t"), rows("a", 1, "v"), rows("a", 1, "x"));
        Files.writeString(files.get(Split.TRAIN).path(), rows("a", 2, "t"));
        Files.delete(files.get(Split.VALID).path());
        Files.write(files.get(Split.TEST).path(), new byte[]{'{', (byte) 0xC3, '}', '\n'});
        files.put(Split.TEST, new SplitFile("data/test.jsonl", files.get(Split.TEST).path(), null));

        ValidationReport report = validator.validate(files);
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.issues()).extracting(ValidationIssue::check, ValidationIssue::file).containsExactly(
                tuple("checksum", "data/train.jsonl"), tuple("file", "data/valid.jsonl"),
                tuple("encoding", "data/test.jsonl"));
    }

    @Test
    void aSplitMissingFromTheSnapshotOrOutsideTheTaskFails() throws IOException {
        Map<Split, SplitFile> files = files(rows("a", 1, "t"), rows("a", 1, "v"), rows("a", 1, "x"));
        files.remove(Split.TEST);
        files.put(Split.VALID, new SplitFile("../elsewhere/valid.jsonl", null, null));
        ValidationReport report = validator.validate(files);
        assertThat(report.issues()).extracting(ValidationIssue::check, ValidationIssue::file).containsExactly(
                tuple("file", "../elsewhere/valid.jsonl"), tuple("file", null));
        assertThat(report.issues().get(1).message()).contains("no test.jsonl");
    }

    @Test
    void manyIssuesOfOneKindAreSummarised() throws IOException {
        ValidationReport report = validator.validate(files("oops\n".repeat(60), rows("a", 1, "v"), rows("a", 1, "x")));
        assertThat(report.issues()).hasSize(DataValidator.MAX_ISSUES_PER_KIND + 2);
        // no line parsed as an object, so the split has no rows either
        assertThat(report.issues().get(DataValidator.MAX_ISSUES_PER_KIND).check()).isEqualTo("empty_split");
        assertThat(report.issues().get(DataValidator.MAX_ISSUES_PER_KIND + 1).message())
                .isEqualTo("10 more json issues in data/train.jsonl are not listed");
    }
}
