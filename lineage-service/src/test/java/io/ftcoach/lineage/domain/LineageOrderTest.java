package io.ftcoach.lineage.domain;

import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every section lineage records (data snapshots, requests, artefacts, results, deployments, analyses) for three
 * versions, applied in order, shuffled and with duplicates: every file comes out byte for byte the same.
 */
class LineageOrderTest {

    static final TaskName TASK = TaskName.of("review-sentiment");
    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    @TempDir
    Path tmp;

    /** Two snapshots (the second +200 neutral rows, the database read further) and three versions. */
    static List<Consumer<LineageStore>> events() {
        DataSection a = snapshot("sha256-aaaa1111", null, "src-1", 400, 50, 50,
                Map.of("正面", 200L, "負面", 200L, "中立", 100L), "0/16B3748", T0);
        DataSection b = snapshot("sha256-bbbb2222", "sha256-aaaa1111", "src-2", 560, 70, 70,
                Map.of("正面", 200L, "負面", 200L, "中立", 300L), "0/16C0000", T0.plusSeconds(86_400));
        List<Consumer<LineageStore>> out = new ArrayList<>();
        out.add(s -> s.applySnapshot(TASK, a));
        out.add(s -> s.applySnapshot(TASK, b));
        out.addAll(version("v1", null, a.snapshotId(), 32, 8, T0.plusSeconds(3600), 0.72, false));
        out.addAll(version("v2", "v1", b.snapshotId(), 64, 6, T0.plusSeconds(90_000), 0.815, true));
        out.addAll(version("v3-exp", "v2", b.snapshotId(), 64, 10, T0.plusSeconds(180_000), 0.80, true));
        VersionName v2 = VersionName.of("v2");
        out.add(s -> s.apply(TASK, v2, l -> l.merge(new DeploymentSection(new EventRef("dep-ollama",
                T0.plusSeconds(100_000)), "ollama", "review-sentiment:v2",
                List.of(new ModelSection.Artifact("gguf", "models/gguf/review-sentiment-v2-q8_0.gguf"))))));
        out.add(s -> s.apply(TASK, v2, l -> l.merge(new DeploymentSection(new EventRef("dep-hf",
                T0.plusSeconds(100_100)), "huggingface", "acme/review-sentiment", List.of()))));
        out.add(s -> s.apply(TASK, v2, l -> l.merge(new AnalysisSection(new EventRef("ana-v2",
                T0.plusSeconds(95_000)), "MET", "macro_f1 0.815 meets 0.80", "v1",
                List.of("deploy v2", "watch the neutral class")))));
        return out;
    }

    static DataSection snapshot(String id, String parent, String sourceHash, long train, long valid, long test,
                                Map<String, Long> distribution, String lsn, Instant at) {
        return new DataSection(new EventRef("data-" + id, at), id, parent, sourceHash, train, valid, test,
                distribution, List.of(new DataSection.DataFile("train", "data/train.jsonl", "f-" + id)),
                List.of(new DataSection.SourcePosition("orders", "database", lsn)), null);
    }

    static List<Consumer<LineageStore>> version(String v, String parent, String snapshot, int rank, int epochs,
                                                Instant at, double macroF1, boolean passed) {
        VersionName name = VersionName.of(v);
        RequestSection request = new RequestSection(new EventRef("req-" + v, at), parent, snapshot,
                new TrainingSettings("Qwen/Qwen3-4B", "lora", rank, rank * 2, 0.05, epochs, 2e-4, 8), List.of());
        ModelSection model = new ModelSection(new EventRef("done-" + v, at.plusSeconds(600)), "job-" + v,
                "baseline", List.of(new ModelSection.Artifact("adapter", "models/adapter/" + v)));
        ResultsSection results = new ResultsSection(new EventRef("eval-" + v, at.plusSeconds(900)), macroF1,
                macroF1, List.of(new ClassScore("正面", 0.9, 0.8, 0.85), new ClassScore("中立", 0.7, 0.6, 0.65)),
                "macro_f1", macroF1, 0.80, passed);
        return List.of(s -> s.apply(TASK, name, l -> l.merge(request)),
                s -> s.apply(TASK, name, l -> l.merge(model)),
                s -> s.apply(TASK, name, l -> l.merge(results)));
    }

    @Test
    void shuffledAndDuplicatedEventsGiveByteIdenticalFiles() throws Exception {
        Path inOrder = tmp.resolve("in-order");
        events().forEach(e -> e.accept(new LineageStore(new Workspace(inOrder))));
        Map<String, String> expected = files(inOrder);
        assertThat(expected).containsKeys("review-sentiment/versions/v2/lineage.yaml",
                "review-sentiment/versions/v2/config.yaml", "review-sentiment/versions/v2/data_snapshot.json",
                "review-sentiment/versions/v2/results.json", "review-sentiment/versions/v2/model_info.json");

        Random random = new Random(42);
        for (int run = 0; run < 12; run++) {
            List<Consumer<LineageStore>> sequence = new ArrayList<>(events());
            for (int d = 0; d < 5; d++) {   // at-least-once delivery: some events twice
                sequence.add(sequence.get(random.nextInt(sequence.size())));
            }
            Collections.shuffle(sequence, random);
            Path dir = tmp.resolve("run-" + run);
            LineageStore store = new LineageStore(new Workspace(dir));
            sequence.forEach(e -> e.accept(store));
            assertThat(files(dir)).as("run %d", run).isEqualTo(expected);
        }
    }

    @Test
    void dataDifferencesAgainstTheParentAreDerivedAndTheDataSectionFilled() throws Exception {
        Path dir = tmp.resolve("w");
        LineageStore store = new LineageStore(new Workspace(dir));
        events().forEach(e -> e.accept(store));
        String v2 = Files.readString(dir.resolve("review-sentiment/versions/v2/lineage.yaml"));
        assertThat(v2).contains("""
                changes:
                - "LoRA rank 32 → 64"
                - "LoRA alpha 64 → 128"
                - "epochs 8 → 6"
                - "data snapshot sha256-aaaa1… → sha256-bbbb2…"
                - "train rows 400 → 560 (+160)"
                - "valid rows 50 → 70 (+20)"
                - "test rows 50 → 70 (+20)"
                - "+200 rows labelled \\"中立\\""
                - "data_source.yaml src-1 → src-2"
                - "source orders (database) position 0/16B3748 → 0/16C0000"
                """, """
                data:
                  snapshot_id: "sha256-bbbb2222"
                  parent_snapshot_id: "sha256-aaaa1111"
                  source_hash: "src-2"
                  train_count: 560
                  valid_count: 70
                  test_count: 70
                  class_distribution:
                    中立: 300
                    正面: 200
                    負面: 200
                  source_positions:
                  - source: "orders"
                    type: "database"
                    position: "0/16C0000"
                """, """
                deployment:
                  deployed_at: "2026-11-21T12:48:20Z"
                  huggingface:
                    repo: "acme/review-sentiment"
                    deployed_at: "2026-11-21T12:48:20Z"
                    artifacts: []
                  ollama:
                    model_name: "review-sentiment:v2"
                """, """
                analysis:
                  analyzed_at: "2026-11-21T11:23:20Z"
                  decision: "MET"
                  summary: "macro_f1 0.815 meets 0.80"
                  compared_with: "v1"
                  recommendations:
                  - "deploy v2"
                  - "watch the neutral class"
                """);
        // v3-exp shares v2's snapshot: only config changes are derived
        assertThat(Files.readString(dir.resolve("review-sentiment/versions/v3-exp/lineage.yaml")))
                .contains("changes:\n- \"epochs 6 → 10\"\ndeployment: null\nanalysis: null\n");
    }

    @Test
    void aVersionWhoseSnapshotIsNotRecordedYetHasNoDataSnapshotFileAndNullCounts() throws Exception {
        Path dir = tmp.resolve("w");
        LineageStore store = new LineageStore(new Workspace(dir));
        version("v1", null, "sha256-cccc", 32, 8, T0, 0.7, false).forEach(e -> e.accept(store));
        Path v1 = dir.resolve("review-sentiment/versions/v1");
        assertThat(v1.resolve("data_snapshot.json")).doesNotExist();
        assertThat(Files.readString(v1.resolve("lineage.yaml"))).contains("  snapshot_id: \"sha256-cccc\"\n"
                + "  parent_snapshot_id: null\n  source_hash: null\n  train_count: null\n");
        store.applySnapshot(TASK, snapshot("sha256-cccc", null, "h", 10, 2, 2, Map.of("a", 14L), "0/1", T0));
        assertThat(v1.resolve("data_snapshot.json")).exists();
        assertThat(Files.readString(v1.resolve("lineage.yaml"))).contains("  train_count: 10\n");
    }

    /** Every file under the folder, by relative path. */
    static Map<String, String> files(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return out;
    }
}
