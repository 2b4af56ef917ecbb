package io.ftcoach.lineage.domain;

import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

import static io.ftcoach.lineage.domain.LineageFixtures.REQUESTED;
import static io.ftcoach.lineage.domain.LineageFixtures.V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineageStoreTest {

    private static final TaskName TASK = TaskName.of("entity-sentiment");

    @TempDir
    Path root;

    @Test
    void writesStateAndLineageYamlUnderTheVersionFolderAndReadsTheStateBack() throws Exception {
        LineageStore store = new LineageStore(new Workspace(root));
        LineageStore.Recorded r = store.apply(TASK, V2, l -> l.merge(LineageFixtures.request()));
        store.apply(TASK, V2, l -> l.merge(LineageFixtures.results("eval-1", REQUESTED.plusSeconds(5), 0.815)));
        store.apply(TASK, V2, l -> l.merge(LineageFixtures.model()));

        assertThat(r.lineagePath()).isEqualTo("versions/v2/lineage.yaml");
        Path dir = root.resolve("entity-sentiment/versions/v2");
        VersionLineage expected = VersionLineage.empty(V2).merge(LineageFixtures.request()).lineage()
                .merge(LineageFixtures.results("eval-1", REQUESTED.plusSeconds(5), 0.815)).lineage()
                .merge(LineageFixtures.model()).lineage();
        assertThat(store.get(TASK, V2)).isEqualTo(expected);   // JSON round trip loses nothing
        assertThat(Files.readString(dir.resolve("lineage.yaml"))).isEqualTo("""
                # Written by lineage-service from this version's events (spec §6.2); edits are overwritten.
                version: "v2"
                created: "2026-11-25T10:00:00.123Z"
                parent: "v1"
                data:
                  snapshot_id: "sha256-abc"
                  parent_snapshot_id: null
                  source_hash: null
                  train_count: null
                  valid_count: null
                  test_count: null
                  class_distribution: null
                  source_positions: null
                config:
                  base_model: "Qwen/Qwen3-4B"
                  method: "lora"
                  lora:
                    r: 64
                    alpha: 128
                    dropout: 0.05
                  epochs: 6
                  learning_rate: 1.0E-5
                  batch_size: 4
                results:
                  macro_f1: 0.815
                  accuracy: 0.82
                  per_class:
                    正面:
                      precision: 0.9
                      recall: 0.82
                      f1: 0.86
                    中立:
                      precision: 0.8
                      recall: 0.77
                      f1: 0.785
                  evaluated_at: "2026-11-25T10:00:05.123Z"
                model:
                  adapter_path: "models/adapter/v2"
                  merged_path: null
                  gguf_path: "models/gguf/t-v2-q8_0.gguf"
                  hf_repo: null
                  other_artifacts:
                  - kind: "log"
                    path: "models/logs/v2.log"
                changes:
                - "LoRA r 32 → 64"
                - "+200 neutral rows"
                deployment: null
                analysis: null
                """);
        try (var files = Files.list(dir)) {   // atomic writes leave no temporary files behind
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "lineage.yaml", "lineage-state.json", "config.yaml", "results.json", "model_info.json");
        }
    }

    @Test
    void aSupersededEventLeavesTheFilesAsTheyWere() throws Exception {
        LineageStore store = new LineageStore(new Workspace(root));
        store.apply(TASK, V2, l -> l.merge(LineageFixtures.results("eval-2", REQUESTED.plusSeconds(60), 0.815)));
        Path yaml = root.resolve("entity-sentiment/versions/v2/lineage.yaml");
        String before = Files.readString(yaml);

        LineageStore.Recorded r = store.apply(TASK, V2,
                l -> l.merge(LineageFixtures.results("eval-1", REQUESTED.plusSeconds(5), 0.70)));

        assertThat(r.outcome()).isEqualTo(Section.Merge.SUPERSEDED);
        assertThat(Files.readString(yaml)).isEqualTo(before).contains("macro_f1: 0.815");
    }

    @Test
    void listsVersionsOldestFirstWithParentAndPrimaryMetric() {
        LineageStore store = new LineageStore(new Workspace(root));
        VersionName v1 = VersionName.of("v1");
        store.apply(TASK, V2, l -> l.merge(LineageFixtures.request()));
        store.apply(TASK, V2, l -> l.merge(LineageFixtures.results("eval-1", REQUESTED.plusSeconds(5), 0.815)));
        store.apply(TASK, v1, l -> l.merge(new RequestSection(new EventRef("req-0", Instant.parse(
                "2026-11-20T09:00:00Z")), null, "sha256-old", LineageFixtures.request().config(), List.of())));

        List<VersionSummary> versions = store.list(TASK);

        assertThat(versions).extracting(VersionSummary::version).containsExactly("v1", "v2");
        assertThat(versions.get(0).parent()).isNull();
        assertThat(versions.get(0).primaryValue()).isNull();
        assertThat(versions.get(1).parent()).isEqualTo("v1");
        assertThat(versions.get(1).primaryMetric()).isEqualTo("macro_f1");
        assertThat(versions.get(1).primaryValue()).isEqualTo(0.815);
        assertThat(versions.get(1).lineagePath()).isEqualTo("versions/v2/lineage.yaml");
    }

    @Test
    void unknownTasksAndVersionsAreNotFoundAndUnsafeVersionNamesRefused() throws Exception {
        LineageStore store = new LineageStore(new Workspace(root));
        assertThatThrownBy(() -> store.list(TASK)).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("entity-sentiment");
        Files.createDirectories(root.resolve("entity-sentiment"));
        assertThat(store.list(TASK)).isEmpty();
        assertThatThrownBy(() -> store.get(TASK, V2)).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no recorded version 'v2'");
        assertThatThrownBy(() -> VersionName.of("../../etc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot name a folder");
        assertThatThrownBy(() -> VersionName.of("..")).isInstanceOf(IllegalArgumentException.class);
    }
}
