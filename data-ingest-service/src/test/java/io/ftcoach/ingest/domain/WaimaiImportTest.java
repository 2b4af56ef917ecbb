package io.ftcoach.ingest.domain;

import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import io.ftcoach.infra.testing.SharedDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The real waimai_10k reviews (../shared/datasets, 11,987 rows: 4,000 positive, 7,987 negative, 7 texts twice)
 * through file_import, dedup by text and a stratified 70/15/15 split with seed 42. Fails when the file is missing.
 */
class WaimaiImportTest {

    private static final TaskName TASK = TaskName.of("waimai-sentiment");

    @TempDir
    Path root;

    @Test
    void importsDedupsAndSplitsStratified() throws Exception {
        Path csv = SharedDatasets.waimai();

        Path task = Files.createDirectories(root.resolve(TASK.value()));
        Files.writeString(task.resolve("task.yaml"), "task_name: waimai-sentiment\n");
        // file_import reads only inside the task folder: the test's throw-away task gets its own copy
        Files.createDirectories(task.resolve("data/raw"));
        Files.copy(csv, task.resolve("data/raw/waimai_10k.csv"));
        DataSourceService service = new DataSourceService(new DataWorkspace(new Workspace(root), Clock.systemUTC()),
                new DataSourceFile(name -> null));
        service.put(TASK, """
                version: "1.0"
                sources:
                  - name: waimai
                    type: file_import
                    config: {source_path: data/raw/waimai_10k.csv, format: csv, encoding: utf-8, delimiter: ","}
                    mapping: {text: review, label: label}
                merge:
                  enabled: true
                  deduplication: {enabled: true, key: text}
                  shuffle: true
                  random_seed: 42
                split:
                  enabled: true
                  ratios: {train: 0.7, valid: 0.15, test: 0.15}
                  stratify_by: label
                  random_seed: 42
                """.getBytes(StandardCharsets.UTF_8));

        long started = System.nanoTime();
        DataSourceService.Run run = service.run(TASK, null);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(run.sources().get(0).rows()).hasSize(11_987);
        assertThat(run.sources().get(0).position()).isEqualTo(Sha256.hex(Files.readAllBytes(csv)));
        assertThat(run.mergedRows()).isEqualTo(11_980);
        DataSnapshot s = run.imported().snapshot();
        // per label: round(n × 0.7) to train, round(n × 0.15) to valid, the rest to test
        // negative (0): 7,980 → 5,586 / 1,197 / 1,197; positive (1): 4,000 → 2,800 / 600 / 600
        assertThat(List.of(s.trainCount(), s.validCount(), s.testCount())).containsExactly(8_386L, 1_797L, 1_797L);
        assertThat(s.classDistribution()).isEqualTo(Map.of("0", 7_980L, "1", 4_000L));

        DataWorkspace data = new DataWorkspace(new Workspace(root), Clock.systemUTC());
        double positiveShare = 4_000 / 11_980.0;
        Map<Split, Map<String, Long>> expected = Map.of(Split.TRAIN, Map.of("0", 5_586L, "1", 2_800L),
                Split.VALID, Map.of("0", 1_197L, "1", 600L), Split.TEST, Map.of("0", 1_197L, "1", 600L));
        for (Split split : Split.values()) {
            List<String> lines = Files.readAllLines(task.resolve("data").resolve(split.fileName()));
            Map<String, Long> labels = DataPipelineTest.labels(lines.stream()
                    .map(l -> LabeledRow.of("t", l.replaceAll(".*\"label\":\"([01])\".*", "$1"))).toList());
            assertThat(labels).as(split.key()).isEqualTo(expected.get(split));
            assertThat(labels.get("1") / (double) lines.size()).as(split.key() + " positive share")
                    .isCloseTo(positiveShare, within(0.001));
        }
        assertThat(data.listSnapshots(TASK)).hasSize(1);

        // unchanged configuration and source: the same snapshot
        DataSourceService.Run again = service.run(TASK, null);
        assertThat(again.imported().snapshot().snapshotId()).isEqualTo(s.snapshotId());
        assertThat(again.imported().created()).isFalse();
        System.out.println("waimai_10k: 11,987 rows read, 11,980 after dedup, split and stored in " + millis + " ms");
    }
}
