package io.ftcoach.ingest.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataPipelineTest {

    private static final DataSourceConfig.Merge MERGE = new DataSourceConfig.Merge(true, "data/raw/merged.jsonl",
            true, "text", true, 42);
    private static final DataSourceConfig.SplitSettings SPLIT = new DataSourceConfig.SplitSettings(true, 0.7, 0.15,
            0.15, true, 42);

    @TempDir
    Path task;

    @Test
    void mergeKeepsTheFirstRowOfEachTextAcrossSourcesAndShufflesWithTheSeed() {
        SourceRows a = rows("a", LabeledRow.of("x", "1"), LabeledRow.of("y", "0"), LabeledRow.of("x", "0"));
        SourceRows b = rows("b", LabeledRow.of("y", "1"), LabeledRow.of("z", "1"));

        List<LabeledRow> merged = DataPipeline.merge(List.of(a, b), MERGE);
        assertThat(merged).containsExactlyInAnyOrder(LabeledRow.of("x", "1"), LabeledRow.of("y", "0"),
                LabeledRow.of("z", "1"));
        assertThat(DataPipeline.merge(List.of(a, b), MERGE)).isEqualTo(merged);

        DataSourceConfig.Merge byTextAndLabel = new DataSourceConfig.Merge(true, "m", true, "text_label", false, 1);
        assertThat(DataPipeline.merge(List.of(a, b), byTextAndLabel)).containsExactly(LabeledRow.of("x", "1"),
                LabeledRow.of("y", "0"), LabeledRow.of("x", "0"), LabeledRow.of("y", "1"), LabeledRow.of("z", "1"));
        DataSourceConfig.Merge off = new DataSourceConfig.Merge(false, "m", true, "text", true, 1);
        assertThat(DataPipeline.merge(List.of(a, b), off)).hasSize(5);
    }

    @Test
    void splitIsStratifiedByLabelAndSeeded() {
        List<LabeledRow> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(LabeledRow.of("pos " + i, "pos"));
        }
        for (int i = 0; i < 40; i++) {
            rows.add(LabeledRow.of("neg " + i, "neg"));
        }
        DatasetSplits splits = DataPipeline.split(rows, SPLIT);

        assertThat(labels(splits.rows(Split.TRAIN))).isEqualTo(Map.of("pos", 70L, "neg", 28L));
        assertThat(labels(splits.rows(Split.VALID))).isEqualTo(Map.of("pos", 15L, "neg", 6L));
        assertThat(labels(splits.rows(Split.TEST))).isEqualTo(Map.of("pos", 15L, "neg", 6L));
        DatasetSplits again = DataPipeline.split(rows, SPLIT);
        for (Split s : Split.values()) {
            assertThat(again.rows(s)).isEqualTo(splits.rows(s));
        }
        DatasetSplits otherSeed = DataPipeline.split(rows, new DataSourceConfig.SplitSettings(true, 0.7, 0.15, 0.15,
                true, 43));
        assertThat(otherSeed.rows(Split.TRAIN)).isNotEqualTo(splits.rows(Split.TRAIN));

        DatasetSplits off = DataPipeline.split(rows, new DataSourceConfig.SplitSettings(false, 0.7, 0.15, 0.15,
                true, 42));
        assertThat(off.rows(Split.TRAIN)).hasSize(140);
        assertThat(off.rows(Split.VALID)).isEmpty();
    }

    @Test
    void runsTheEnabledSourcesInOrderAndSkipsDisabledOnes() throws Exception {
        Files.writeString(task.resolve("a.csv"), "label,review\n1,good\n0,bad\n");
        Files.writeString(task.resolve("b.jsonl"), "{\"t\":\"good\",\"l\":\"1\"}\n{\"t\":\"fine\",\"l\":\"1\"}\n");
        SourceDefinition a = fileSource(0, "a", "a.csv", "csv", Map.of("text", "review", "label", "label"));
        SourceDefinition b = fileSource(1, "b", "b.jsonl", "jsonl", Map.of("text", "t", "label", "l"));
        SourceDefinition db = new SourceDefinition(2, "db", "database", false, Map.of(), Map.of(), null);

        DataPipeline.Result result = new DataPipeline().run(task, config(List.of(a, b, db)));

        assertThat(result.sources()).extracting(s -> s.source().name()).containsExactly("a", "b");
        assertThat(result.sources().get(0).position()).isEqualTo(Sha256.hex(Files.readAllBytes(task.resolve("a.csv"))));
        assertThat(result.merged()).hasSize(3);
        assertThat(result.rawFiles()).containsOnlyKeys("data/raw/a.jsonl", "data/raw/b.jsonl", "data/raw/merged.jsonl");
        assertThat(new String(result.rawFiles().get("data/raw/a.jsonl"), StandardCharsets.UTF_8))
                .isEqualTo("{\"text\":\"good\",\"label\":\"1\"}\n{\"text\":\"bad\",\"label\":\"0\"}\n");
    }

    @Test
    void anEnabledSourceOfATypeThatCannotRunYetStopsTheRunBeforeAnythingIsRead() {
        SourceDefinition db = new SourceDefinition(0, "db", "database", true, Map.of(), Map.of(), null);
        assertThatThrownBy(() -> new DataPipeline().run(task, config(List.of(db))))
                .isInstanceOf(SourceException.class)
                .hasMessage("sources[0] 'db' (database): this service cannot run database sources yet (only "
                        + "file_import): set enabled: false on it, or import its data as a file");
    }

    @Test
    void sourcesThatGiveNoRowsAtAllStopTheRunNamingEachSource() throws Exception {
        Files.writeString(task.resolve("a.jsonl"), "");
        Files.writeString(task.resolve("b.jsonl"), "\n");
        SourceDefinition a = fileSource(0, "a", "a.jsonl", "jsonl", Map.of("text", "t", "label", "l"));
        SourceDefinition b = fileSource(1, "b", "b.jsonl", "jsonl", Map.of("text", "t", "label", "l"));

        assertThatThrownBy(() -> new DataPipeline().run(task, config(List.of(a, b))))
                .isInstanceOf(NoRowsException.class)
                .hasMessageStartingWith("The enabled sources gave no rows (sources[0] 'a' (file_import): 0, "
                        + "sources[1] 'b' (file_import): 0): ")
                .hasMessageContaining("the previous snapshot stays the task's data");
    }

    static Map<String, Long> labels(List<LabeledRow> rows) {
        return rows.stream().collect(Collectors.groupingBy(LabeledRow::label, Collectors.counting()));
    }

    private static SourceRows rows(String name, LabeledRow... rows) {
        return new SourceRows(new SourceDefinition(0, name, "file_import", true, Map.of(), Map.of(), null),
                List.of(rows), "p");
    }

    private static SourceDefinition fileSource(int index, String name, String path, String format,
                                               Map<String, String> mapping) {
        return new SourceDefinition(index, name, "file_import", true, Map.of("source_path", path, "format", format),
                mapping, null);
    }

    private static DataSourceConfig config(List<SourceDefinition> sources) {
        return new DataSourceConfig("1.0", sources, MERGE, SPLIT, List.of(), "sha");
    }
}
