package io.ftcoach.lineage.domain;

import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeDerivationTest {

    private static final Instant T1 = Instant.parse("2026-11-20T09:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-25T10:00:00Z");

    static RequestSection request(String id, Instant at, String parent, String snapshot, TrainingSettings config,
                                  List<String> stated) {
        return new RequestSection(new EventRef(id, at), parent, snapshot, config, stated);
    }

    static VersionLineage version(String name, RequestSection request) {
        return VersionLineage.empty(VersionName.of(name)).merge(request).lineage();
    }

    private static final RequestSection V1 = request("req-1", T1, null, "sha256-abc1234567890",
            new TrainingSettings("Qwen/Qwen3-4B", "lora", 32, 64, 0.05, 8, 1e-5, 4), List.of());
    private static final RequestSection V2 = request("req-2", T2, "v1", "sha256-def4567890123",
            new TrainingSettings("Qwen/Qwen3-8B", "qlora", 64, 128, 0.05, 6, 2e-5, 4),
            List.of("+200 neutral rows"));

    @Test
    void configAndDataDifferencesInTheSpecsWordsAfterTheStatedOnes() {
        assertThat(ChangeDerivation.changes(version("v2", V2), version("v1", V1))).containsExactly(
                "+200 neutral rows",
                "base model Qwen/Qwen3-4B → Qwen/Qwen3-8B",
                "method lora → qlora",
                "LoRA rank 32 → 64",
                "LoRA alpha 64 → 128",
                "epochs 8 → 6",
                "learning rate 1e-05 → 2e-05",
                "data snapshot sha256-abc12… → sha256-def45…");
    }

    @Test
    void nothingIsDerivedWithoutTheParentOrWhenNothingChanged() {
        assertThat(ChangeDerivation.changes(version("v2", V2), null)).containsExactly("+200 neutral rows");
        assertThat(ChangeDerivation.changes(version("v2", V2), VersionLineage.empty(VersionName.of("v1"))))
                .containsExactly("+200 neutral rows");
        RequestSection same = request("req-3", T2, "v1", V1.dataSnapshotId(), V1.config(), List.of());
        assertThat(ChangeDerivation.derive(same, V1)).isEmpty();
    }

    @Test
    void aStatedChangeIsNotRepeatedAndUnsetValuesAreNamed() {
        RequestSection v2 = request("req-2", T2, "v1", "short",
                new TrainingSettings("Qwen/Qwen3-4B", "lora", null, 64, null, 8, 1e-5, 8),
                List.of("batch size 4 → 8"));
        assertThat(ChangeDerivation.changes(version("v2", v2), version("v1", V1))).containsExactly(
                "batch size 4 → 8", "LoRA rank 32 → unset", "LoRA dropout 0.05 → unset",
                "data snapshot sha256-abc12… → short");
    }

    @Test
    void numbersAreWrittenAsPythonPrintsThem() {
        assertThat(ChangeDerivation.number(1e-5)).isEqualTo("1e-05");
        assertThat(ChangeDerivation.number(1.5e-5)).isEqualTo("1.5e-05");
        assertThat(ChangeDerivation.number(2e-4)).isEqualTo("0.0002");
        assertThat(ChangeDerivation.number(0.05)).isEqualTo("0.05");
        assertThat(ChangeDerivation.number(2.0)).isEqualTo("2.0");
        assertThat(ChangeDerivation.number(null)).isNull();
    }

    @Test
    void aChildRecordedBeforeItsParentIsRewrittenWhenTheParentArrives(@TempDir Path root) throws Exception {
        TaskName task = TaskName.of("entity-sentiment");
        LineageStore inOrder = new LineageStore(new Workspace(root.resolve("a")));
        inOrder.apply(task, VersionName.of("v1"), l -> l.merge(V1));
        LineageStore.Recorded recorded = inOrder.apply(task, VersionName.of("v2"), l -> l.merge(V2));
        assertThat(recorded.changes()).hasSize(8).contains("LoRA rank 32 → 64");

        LineageStore reversed = new LineageStore(new Workspace(root.resolve("b")));
        LineageStore.Recorded early = reversed.apply(task, VersionName.of("v2"), l -> l.merge(V2));
        assertThat(early.changes()).containsExactly("+200 neutral rows");
        reversed.apply(task, VersionName.of("v1"), l -> l.merge(V1));

        String file = "entity-sentiment/versions/v2/lineage.yaml";
        assertThat(Files.readString(root.resolve("b").resolve(file)))
                .isEqualTo(Files.readString(root.resolve("a").resolve(file)))
                .contains("- \"LoRA rank 32 → 64\"", "- \"learning rate 1e-05 → 2e-05\"");
        assertThat(reversed.document(task, VersionName.of("v2")).get("changes")).isEqualTo(recorded.changes());
    }

    @Test
    void dataDifferencesCoverLabelsThatAppearOrVanishAndSourcesAddedOrRemoved() {
        DataSection from = new DataSection(new EventRef("d1", T1), "sha256-a", null, "h1", 100, 10, 10,
                java.util.Map.of("正面", 60L, "負面", 60L), List.of(), List.of(
                new DataSection.SourcePosition("orders", "database", "0/1"),
                new DataSection.SourcePosition("faq", "web_scrape", "page-3")), null);
        DataSection to = new DataSection(new EventRef("d2", T2), "sha256-b", "sha256-a", "h1", 100, 10, 10,
                java.util.Map.of("正面", 50L, "負面", 60L, "中立", 10L), List.of(), List.of(
                new DataSection.SourcePosition("orders", "database", "0/1"),
                new DataSection.SourcePosition("reviews", "api", "cursor-9")), null);

        assertThat(ChangeDerivation.deriveData(from, to)).containsExactly(
                "+10 rows labelled \"中立\"", "-10 rows labelled \"正面\"",
                "source reviews (api) added at cursor-9", "source faq (web_scrape) removed");
        assertThat(ChangeDerivation.deriveData(from, from)).isEmpty();
        assertThat(ChangeDerivation.deriveData(null, to)).isEmpty();
    }
}
