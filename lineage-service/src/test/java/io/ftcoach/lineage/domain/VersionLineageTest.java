package io.ftcoach.lineage.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static io.ftcoach.lineage.domain.LineageFixtures.REQUESTED;
import static io.ftcoach.lineage.domain.LineageFixtures.V2;
import static org.assertj.core.api.Assertions.assertThat;

class VersionLineageTest {

    private static final Instant EVALUATED = REQUESTED.plusSeconds(900);

    @Test
    void everyOrderOfTheEventsWithDuplicatesGivesTheSameLineage() {
        List<UnaryOperator<VersionLineage>> events = List.of(
                l -> l.merge(LineageFixtures.request()).lineage(),
                l -> l.merge(LineageFixtures.results("eval-1", EVALUATED, 0.815)).lineage(),
                l -> l.merge(LineageFixtures.model()).lineage());
        Set<VersionLineage> outcomes = new HashSet<>();
        for (List<Integer> order : permutations(List.of(0, 1, 2))) {
            VersionLineage l = VersionLineage.empty(V2);
            for (int i : order) {
                l = events.get(i).apply(events.get(i).apply(l));   // each delivered twice
            }
            outcomes.add(l);
        }
        assertThat(outcomes).hasSize(1);
        VersionLineage l = outcomes.iterator().next();
        assertThat(l.request()).isEqualTo(LineageFixtures.request());
        assertThat(l.results().macroF1()).isEqualTo(0.815);
        assertThat(l.model()).isEqualTo(LineageFixtures.model());
    }

    @Test
    void aLaterEvaluationReplacesAnEarlierOneWhicheverArrivesFirst() {
        ResultsSection first = LineageFixtures.results("eval-1", EVALUATED, 0.78);
        ResultsSection second = LineageFixtures.results("eval-2", EVALUATED.plusSeconds(60), 0.815);

        VersionLineage.Merged inOrder = VersionLineage.empty(V2).merge(first).lineage().merge(second);
        assertThat(inOrder.outcome()).isEqualTo(Section.Merge.CHANGED);
        assertThat(inOrder.lineage().results()).isEqualTo(second);

        VersionLineage.Merged late = VersionLineage.empty(V2).merge(second).lineage().merge(first);
        assertThat(late.outcome()).isEqualTo(Section.Merge.SUPERSEDED);
        assertThat(late.lineage().results()).isEqualTo(second);
    }

    @Test
    void theSameEventTwiceIsRecognisedAsAlreadyApplied() {
        VersionLineage once = VersionLineage.empty(V2).merge(LineageFixtures.request()).lineage();
        VersionLineage.Merged again = once.merge(LineageFixtures.request());
        assertThat(again.outcome()).isEqualTo(Section.Merge.ALREADY_APPLIED);
        assertThat(again.lineage()).isSameAs(once);
    }

    @Test
    void rendersTheSpecFieldsInAFixedOrderWithNullForWhatHasNotArrived() {
        Map<String, Object> partial = LineageDocument.render(
                VersionLineage.empty(V2).merge(LineageFixtures.model()).lineage());
        assertThat(partial).containsOnlyKeys("version", "created", "parent", "data", "config", "results", "model",
                "changes", "deployment", "analysis");
        assertThat(new ArrayList<>(partial.keySet())).containsExactly("version", "created", "parent", "data",
                "config", "results", "model", "changes", "deployment", "analysis");
        assertThat(partial.get("created")).isNull();
        assertThat(partial.get("results")).isNull();
        assertThat(partial.get("changes")).isEqualTo(List.of());

        @SuppressWarnings("unchecked")
        Map<String, Object> model = (Map<String, Object>) partial.get("model");
        assertThat(new ArrayList<>(model.keySet())).containsExactly("adapter_path", "merged_path", "gguf_path",
                "hf_repo", "other_artifacts");
        assertThat(model.get("adapter_path")).isEqualTo("models/adapter/v2");
        assertThat(model.get("merged_path")).isNull();
        assertThat(model.get("gguf_path")).isEqualTo("models/gguf/t-v2-q8_0.gguf");
        assertThat(model.get("other_artifacts")).isEqualTo(List.of(Map.of("kind", "log", "path", "models/logs/v2.log")));
    }

    @Test
    void rendersCreatedConfigResultsAndChangesFromTheirEvents() {
        VersionLineage l = VersionLineage.empty(V2).merge(LineageFixtures.request()).lineage()
                .merge(LineageFixtures.results("eval-1", EVALUATED, 0.815)).lineage();
        Map<String, Object> doc = LineageDocument.render(l);
        assertThat(doc.get("created")).isEqualTo("2026-11-25T10:00:00.123Z");
        assertThat(doc.get("parent")).isEqualTo("v1");
        @SuppressWarnings("unchecked") Map<String, Object> data = (Map<String, Object>) doc.get("data");
        assertThat(data).containsEntry("snapshot_id", "sha256-abc")
                .containsEntry("train_count", null);   // until the snapshot's DataUpdated is recorded
        assertThat(doc.get("config")).hasToString("{base_model=Qwen/Qwen3-4B, method=lora, "
                + "lora={r=64, alpha=128, dropout=0.05}, epochs=6, learning_rate=1.0E-5, batch_size=4}");
        assertThat(doc.get("results")).hasToString("{macro_f1=0.815, accuracy=0.82, per_class={"
                + "正面={precision=0.9, recall=0.82, f1=0.86}, 中立={precision=0.8, recall=0.77, f1=0.785}}, "
                + "evaluated_at=2026-11-25T10:15:00.123Z}");
        assertThat(doc.get("changes")).isEqualTo(List.of("LoRA r 32 → 64", "+200 neutral rows"));
    }

    private static List<List<Integer>> permutations(List<Integer> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<Integer>> out = new ArrayList<>();
        for (Integer head : items) {
            List<Integer> rest = new ArrayList<>(items);
            rest.remove(head);
            for (List<Integer> tail : permutations(rest)) {
                List<Integer> p = new ArrayList<>();
                p.add(head);
                p.addAll(tail);
                out.add(p);
            }
        }
        return out;
    }
}
