package io.ftcoach.dispatcher.events;

import io.ftcoach.dispatcher.domain.evaluation.Evaluator;
import io.ftcoach.dispatcher.domain.evaluation.NerFolder;
import io.ftcoach.events.ClassMetrics;
import io.ftcoach.events.ErrorSample;
import io.ftcoach.events.EvaluationReady;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

/** An extraction task's EvaluationReady, in the classification schema's fields, from NerFolder's hand-worked case. */
class NerEvaluationReadyTest {

    private static final double EPS = 1e-12;
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void carriesTheEntityLevelScoresInTheExistingFields(@TempDir Path task) throws Exception {
        NerFolder.write(task, NerFolder.TASK_YAML, NerFolder.PREDICTIONS);
        Evaluator.Result result = new Evaluator(clock).evaluate(NerFolder.job(), NerFolder.succeeded(), task)
                .orElseThrow();

        EvaluationReady ready = TrainingEvents.evaluationReady(NerFolder.job(), result, clock);

        assertThat(ready.getSplit()).isEqualTo("test");
        // accuracy: sentences whose entity set is exactly right, 1 of 4
        assertThat(ready.getAccuracy()).isEqualTo(0.25);
        assertThat(ready.getMacroF1()).isCloseTo(16.0 / 45, offset(EPS));
        assertThat(ready.getPerClass()).extracting(ClassMetrics::getLabel, ClassMetrics::getSupport)
                .containsExactly(tuple("LOC", 1L), tuple("ORG", 2L), tuple("PER", 2L));
        ClassMetrics org = ready.getPerClass().get(1);
        assertThat(org.getPrecision()).isCloseTo(1.0 / 3, offset(EPS));
        assertThat(org.getRecall()).isEqualTo(0.5);
        assertThat(org.getF1()).isCloseTo(0.4, offset(EPS));
        assertThat(ready.getPerClass().get(2).getF1()).isCloseTo(2.0 / 3, offset(EPS));
        assertThat(ready.getConfusionLabels()).isEmpty();
        assertThat(ready.getConfusionMatrix()).isEmpty();
        assertThat(ready.getMetrics()).containsOnlyKeys("entity_f1", "entity_precision", "entity_recall",
                "entity_f1_type_match", "entity_precision_type_match", "entity_recall_type_match", "macro_f1",
                "macro_precision", "macro_recall", "weighted_f1", "weighted_precision", "weighted_recall",
                "sentence_accuracy");
        assertThat(ready.getMetrics().get("entity_f1")).isCloseTo(0.4, offset(EPS));
        assertThat(ready.getMetrics().get("entity_f1_type_match")).isCloseTo(0.6, offset(EPS));
        assertThat(ready.getMetrics().get("weighted_f1")).isCloseTo(32.0 / 75, offset(EPS));
        assertThat(ready.getMetrics().get("sentence_accuracy")).isEqualTo(0.25);
        assertThat(ready.getPrimaryMetric()).isEqualTo("entity_f1");
        assertThat(ready.getThreshold()).isEqualTo(0.70);
        assertThat(ready.getPassed()).isFalse();
        assertThat(ready.getPredictionsPath()).isEqualTo("benchmarks/predictions/v1_test.jsonl");
        assertThat(ready.getErrorSamples()).extracting(ErrorSample::getText, ErrorSample::getExpected,
                ErrorSample::getPredicted).containsExactly(
                tuple("張忠謀創辦台積電", "張忠謀 (PER)", "張忠謀 (ORG)"),
                tuple("張忠謀創辦台積電", "", "新竹 (LOC)"),
                tuple("台積電公司宣布", "台積電公司 (ORG)", "台積電 (ORG)"),
                tuple("在新竹", "新竹 (LOC) @1..3", ""));
        assertThat(ready.getEnvelope().getTaskId()).isEqualTo("ner-news");
        assertThat(ready.getEnvelope().getCausationId()).isEqualTo(TrainingEvents.completedEventId(NerFolder.job()));

        // the event and the results file tell the same numbers
        JsonNode r = JsonMapper.builder().build().readTree(task.resolve(result.resultsPath()).toFile());
        ready.getMetrics().forEach((name, value) ->
                assertThat(r.path("metrics").path(name).asDouble()).as(name).isEqualTo(value));
    }
}
