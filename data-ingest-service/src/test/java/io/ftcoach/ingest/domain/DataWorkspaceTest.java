package io.ftcoach.ingest.domain;

import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataWorkspaceTest {

    private static final TaskName TASK = TaskName.of("entity-sentiment");
    private static final String EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path root;
    private MutableClock clock;
    private DataWorkspace data;

    @BeforeEach
    void setUp() throws IOException {
        clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        data = new DataWorkspace(new Workspace(root), clock);
        Files.createDirectories(root.resolve(TASK.value()));
        Files.writeString(root.resolve(TASK.value()).resolve("task.yaml"), "task_name: entity-sentiment\n");
    }

    private static DatasetSplits splits() {
        return new DatasetSplits(
                List.of(LabeledRow.of("服務很好，下次再來", "正面"), new LabeledRow("Apple beat estimates", "positive", "Apple")),
                List.of(LabeledRow.of("送餐太慢了", "負面")),
                List.of(LabeledRow.of("a \"quoted\"\nline", "neutral")));
    }

    @Test
    void writesWorkingSplitsAsUtf8JsonLinesWithAFixedFieldOrder() throws IOException {
        data.importSnapshot(TASK, splits());

        Path dir = root.resolve(TASK.value()).resolve("data");
        assertThat(Files.readString(dir.resolve("train.jsonl"), StandardCharsets.UTF_8)).isEqualTo(
                "{\"text\":\"服務很好，下次再來\",\"label\":\"正面\"}\n"
                        + "{\"text\":\"Apple beat estimates\",\"label\":\"positive\",\"entity\":\"Apple\"}\n");
        assertThat(Files.readString(dir.resolve("valid.jsonl"))).isEqualTo("{\"text\":\"送餐太慢了\",\"label\":\"負面\"}\n");
        assertThat(Files.readString(dir.resolve("test.jsonl")))
                .isEqualTo("{\"text\":\"a \\\"quoted\\\"\\nline\",\"label\":\"neutral\"}\n");
    }

    @Test
    void storesAContentAddressedSnapshotWithManifest() throws IOException {
        SnapshotImport imported = data.importSnapshot(TASK, splits());
        DataSnapshot s = imported.snapshot();

        assertThat(s.snapshotId()).matches("[0-9a-f]{64}");
        assertThat(imported.created()).isTrue();
        assertThat(imported.parentSnapshotId()).isNull();
        assertThat(s.trainCount()).isEqualTo(2);
        assertThat(s.validCount()).isEqualTo(1);
        assertThat(s.testCount()).isEqualTo(1);
        assertThat(s.classDistribution()).containsExactly(
                java.util.Map.entry("neutral", 1L), java.util.Map.entry("positive", 1L),
                java.util.Map.entry("正面", 1L), java.util.Map.entry("負面", 1L));
        Path snapshotDir = root.resolve(TASK.value()).resolve("data/snapshots").resolve(s.snapshotId());
        assertThat(s.files()).extracting(SnapshotFile::split).containsExactly("train", "valid", "test");
        for (SnapshotFile f : s.files()) {
            Path file = root.resolve(TASK.value()).resolve(f.path());
            assertThat(file.getParent()).isEqualTo(snapshotDir);
            assertThat(f.sha256()).isEqualTo(Sha256.hex(Files.readAllBytes(file)));
            assertThat(Files.readAllBytes(file))
                    .isEqualTo(Files.readAllBytes(root.resolve(TASK.value()).resolve("data").resolve(f.split() + ".jsonl")));
        }
        assertThat(Files.readString(snapshotDir.resolve("manifest.json"))).contains("\"snapshot_id\"", "\"created_at\"");
        assertThat(data.getSnapshot(TASK, s.snapshotId())).isEqualTo(s);
    }

    @Test
    void snapshotIdIsTheDocumentedHashOfNamesAndContents() {
        SnapshotImport imported = data.importSnapshot(TASK, new DatasetSplits(
                List.of(LabeledRow.of("t", "a")), List.of(), List.of(LabeledRow.of("u", "b"))));
        String train = "{\"text\":\"t\",\"label\":\"a\"}\n";
        String test = "{\"text\":\"u\",\"label\":\"b\"}\n";
        String expected = Sha256.hex("train.jsonl\n" + train.length() + "\n" + train
                + "valid.jsonl\n0\n"
                + "test.jsonl\n" + test.length() + "\n" + test);
        assertThat(imported.snapshot().snapshotId()).isEqualTo(expected);
    }

    @Test
    void equalContentGivesTheEqualIdAndReusesTheSnapshot() {
        SnapshotImport first = data.importSnapshot(TASK, splits());
        clock.set(Instant.parse("2026-11-26T08:00:00Z"));
        SnapshotImport again = data.importSnapshot(TASK, splits());

        assertThat(again.snapshot().snapshotId()).isEqualTo(first.snapshot().snapshotId());
        assertThat(again.created()).isFalse();
        assertThat(again.snapshot().createdAt()).isEqualTo(first.snapshot().createdAt());
        assertThat(data.listSnapshots(TASK)).hasSize(1);
    }

    @Test
    void theSameRowsInAnotherSplitAreAnotherSnapshot() {
        String a = data.importSnapshot(TASK, new DatasetSplits(List.of(LabeledRow.of("x", "l")), List.of(), List.of()))
                .snapshot().snapshotId();
        String b = data.importSnapshot(TASK, new DatasetSplits(List.of(), List.of(LabeledRow.of("x", "l")), List.of()))
                .snapshot().snapshotId();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void recordsTheDataVersionAndTheParentSnapshot() throws IOException {
        String first = data.importSnapshot(TASK, splits()).snapshot().snapshotId();
        SnapshotImport second = data.importSnapshot(TASK,
                new DatasetSplits(List.of(LabeledRow.of("new", "x")), List.of(LabeledRow.of("v", "x")), List.of(LabeledRow.of("t", "x"))));
        assertThat(second.parentSnapshotId()).isEqualTo(first);
        assertThat(second.dataVersion()).isEqualTo("2026-11-25-002");

        // importing the current data again is not a new generation: the parent stays
        SnapshotImport same = data.importSnapshot(TASK,
                new DatasetSplits(List.of(LabeledRow.of("new", "x")), List.of(LabeledRow.of("v", "x")), List.of(LabeledRow.of("t", "x"))));
        assertThat(same.parentSnapshotId()).isEqualTo(first);

        clock.set(Instant.parse("2026-11-26T00:00:01Z"));
        assertThat(data.importSnapshot(TASK, splits()).dataVersion()).isEqualTo("2026-11-26-001");
        String yaml = Files.readString(root.resolve(TASK.value()).resolve("data/data_version.yaml"));
        assertThat(yaml).contains("version: \"2026-11-26-001\"", "snapshot_id: \"" + first + "\"",
                "total_records: 4", "source_config_hash: \"" + EMPTY_SHA + "\"");
    }

    @Test
    void dataSourceHashIsThatOfDataSourceYamlOrOfTheEmptyString() throws IOException {
        assertThat(data.importSnapshot(TASK, splits()).dataSourceSha256()).isEqualTo(EMPTY_SHA);
        Files.writeString(root.resolve(TASK.value()).resolve("data_source.yaml"), "version: \"1.0\"\nsources: []\n");
        assertThat(data.importSnapshot(TASK, splits()).dataSourceSha256())
                .isEqualTo(Sha256.hex("version: \"1.0\"\nsources: []\n"));
    }

    @Test
    void anUnknownTaskIsRefusedAndNothingIsWritten() {
        TaskName unknown = TaskName.of("no-such-task");
        assertThatThrownBy(() -> data.importSnapshot(unknown, splits()))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("No task named 'no-such-task'");
        assertThat(root.resolve("no-such-task")).doesNotExist();
        assertThatThrownBy(() -> data.listSnapshots(unknown)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void listsCompleteSnapshotsOldestFirst() throws IOException {
        String older = data.importSnapshot(TASK, splits()).snapshot().snapshotId();
        clock.set(Instant.parse("2026-11-25T11:00:00Z"));
        String newer = data.importSnapshot(TASK,
                new DatasetSplits(List.of(LabeledRow.of("z", "q")), List.of(), List.of())).snapshot().snapshotId();
        // a folder without a manifest is an interrupted write, not a snapshot
        Files.createDirectories(root.resolve(TASK.value()).resolve("data/snapshots").resolve("a".repeat(64)));

        assertThat(data.listSnapshots(TASK)).extracting(DataSnapshot::snapshotId).containsExactly(older, newer);
    }

    @Test
    void anUnknownOrMalformedSnapshotIdIsNotFound() {
        assertThatThrownBy(() -> data.getSnapshot(TASK, "f".repeat(64))).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("GET /api/tasks/entity-sentiment/snapshots");
        assertThatThrownBy(() -> data.getSnapshot(TASK, "../../etc")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void rawFolderIsCreatedOnceAndKept() throws IOException {
        Path raw = data.ensureRawFolder(TASK);
        Files.writeString(raw.resolve("kept.jsonl"), "{}\n");
        assertThat(data.ensureRawFolder(TASK)).isEqualTo(raw);
        assertThat(raw.resolve("kept.jsonl")).hasContent("{}");
        assertThat(raw).isEqualTo(root.resolve(TASK.value()).resolve("data/raw"));
    }

    @Test
    void pathsFromEventsCannotLeaveTheTaskFolder() {
        assertThat(data.resolveInTask(TASK, "data/snapshots/x/train.jsonl")).isPresent();
        assertThat(data.resolveInTask(TASK, "../other-task/task.yaml")).isEmpty();
        assertThat(data.resolveInTask(TASK, "/etc/passwd")).isEmpty();
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "'task_name: t\noutput_format:\n  type: single_label\n  labels: [positive, negative]\n'|positive,negative",
            "'task_name: t\nlabels: [\"0\", 1]\n'|0,1",
            "'task_name: t\noutput_format:\n  type: text\n'|",
            "'task_name: t\noutput_format:\n  labels: []\n'|",
            "'not: [valid yaml'|",
    })
    void theLabelSetComesFromTaskYaml(String taskYaml, String expected) throws IOException {
        Files.writeString(root.resolve(TASK.value()).resolve("task.yaml"), taskYaml.replace("\\n", "\n"));
        if (expected == null) {
            assertThat(data.labelSet(TASK)).isNull();
        } else {
            assertThat(data.labelSet(TASK)).containsExactly(expected.split(","));
        }
    }

    @Test
    void aValidationReportIsStoredNextToItsSnapshotAndReadBack() throws IOException {
        String id = data.importSnapshot(TASK, splits()).snapshot().snapshotId();
        assertThat(data.readValidationReport(TASK, id)).isEmpty();
        java.util.Map<Split, SplitFile> files = data.snapshotSplitFiles(TASK, id);
        assertThat(files).containsOnlyKeys(Split.values());
        ValidationReport report = new DataValidator().validate(files, java.util.Set.of("正面", "負面"));

        data.writeValidationReport(TASK, id, report);

        Path stored = root.resolve(TASK.value()).resolve(DataWorkspace.SNAPSHOTS_DIR).resolve(id)
                .resolve(DataWorkspace.VALIDATION);
        assertThat(stored).isRegularFile();
        assertThat(Files.readString(stored)).contains("\"class_distribution\"", "\"summary\"");
        assertThat(data.readValidationReport(TASK, id)).contains(report);
        assertThat(report.issues()).extracting(ValidationIssue::check).contains("labels");
        assertThat(data.readValidationReport(TASK, "0".repeat(64))).isEmpty();
        assertThatThrownBy(() -> data.writeValidationReport(TASK, "0".repeat(64), report))
                .isInstanceOf(NoSuchElementException.class);
    }
}
