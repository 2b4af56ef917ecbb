package io.ftcoach.dispatcher.domain.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/** An extraction task evaluated end to end: the numbers are {@link NerFolder}'s, worked out by hand. */
class NerEvaluationTest {

    private static final double EPS = 1e-12;
    private final Evaluator evaluator = new Evaluator(Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void anExtractionTaskIsScoredOnEntitiesAndItsResultsWritten(@TempDir Path task) throws Exception {
        NerFolder.write(task, NerFolder.TASK_YAML, NerFolder.PREDICTIONS);

        Evaluator.Result result = evaluator.evaluate(NerFolder.job(), NerFolder.succeeded(), task).orElseThrow();

        assertThat(result.resultsPath()).isEqualTo("benchmarks/results/v1_results.json");
        assertThat(result.reportPath()).isEqualTo("benchmarks/results/v1_report.md");
        NerEvaluation e = (NerEvaluation) result.evaluation();
        // "f1" in an extraction task's criteria is the entity-level F1
        assertThat(e.criteria()).isEqualTo(new SuccessCriteria("entity_f1", 0.70));
        assertThat(e.primaryValue()).isCloseTo(0.4, within(EPS));
        assertThat(e.passed()).isFalse();

        JsonNode r = JsonMapper.builder().build().readTree(task.resolve(result.resultsPath()).toFile());
        assertThat(r.path("task_name").asString()).isEqualTo("ner-news");
        assertThat(r.path("task_type").asString()).isEqualTo("extraction");
        assertThat(r.path("evaluation_date").asString()).isEqualTo("2026-11-25T12:00:00Z");
        assertThat(r.path("model_path").asString()).isEqualTo("models/adapter/v1");
        assertThat(r.path("test_samples").asInt()).isEqualTo(4);
        JsonNode m = r.path("metrics");
        assertThat(m.path("entity_precision").asDouble()).isCloseTo(0.4, within(EPS));
        assertThat(m.path("entity_recall").asDouble()).isCloseTo(0.4, within(EPS));
        assertThat(m.path("entity_f1").asDouble()).isCloseTo(0.4, within(EPS));
        assertThat(m.path("entity_precision_type_match").asDouble()).isCloseTo(0.6, within(EPS));
        assertThat(m.path("entity_recall_type_match").asDouble()).isCloseTo(0.6, within(EPS));
        assertThat(m.path("entity_f1_type_match").asDouble()).isCloseTo(0.6, within(EPS));
        assertThat(m.path("macro_f1").asDouble()).isCloseTo(16.0 / 45, within(EPS));
        assertThat(m.path("macro_precision").asDouble()).isCloseTo(4.0 / 9, within(EPS));
        assertThat(m.path("macro_recall").asDouble()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(m.path("weighted_f1").asDouble()).isCloseTo(32.0 / 75, within(EPS));
        assertThat(m.path("weighted_precision").asDouble()).isCloseTo(8.0 / 15, within(EPS));
        assertThat(m.path("weighted_recall").asDouble()).isCloseTo(0.4, within(EPS));
        assertThat(m.path("sentence_accuracy").asDouble()).isEqualTo(0.25);
        assertThat(m.path("per_class").path("PER").asDouble()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(r.path("labels").toString()).isEqualTo("[\"LOC\",\"ORG\",\"PER\"]");
        JsonNode org = r.path("per_class_metrics").path("ORG");
        assertThat(org.path("precision").asDouble()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(org.path("recall").asDouble()).isEqualTo(0.5);
        assertThat(org.path("f1").asDouble()).isCloseTo(0.4, within(EPS));
        assertThat(org.path("support").asInt()).isEqualTo(2);
        assertThat(r.path("per_class_metrics").path("LOC").path("support").asInt()).isEqualTo(1);
        assertThat(r.path("averages").path("weighted avg").path("f1").asDouble()).isCloseTo(32.0 / 75, within(EPS));
        assertThat(r.path("averages").path("macro avg").path("support").asInt()).isEqualTo(5);
        assertThat(r.path("entity_counts").toString()).isEqualTo("{\"gold\":5,\"predicted\":5,\"correct_exact\":2,"
                + "\"correct_type_match\":3,\"sentences\":4,\"sentences_exactly_right\":1}");
        assertThat(r.path("error_counts").toString())
                .isEqualTo("{\"missed\":1,\"spurious\":1,\"wrong_type\":1,\"wrong_boundary\":1}");
        assertThat(r.path("primary_metric").asString()).isEqualTo("entity_f1");
        assertThat(r.path("pass_criteria").path("entity_f1").path("threshold").asDouble()).isEqualTo(0.70);
        assertThat(r.path("pass_criteria").path("entity_f1").path("actual").asDouble()).isCloseTo(0.4, within(EPS));
        assertThat(r.path("pass_criteria").path("entity_f1").path("passed").asBoolean()).isFalse();
        assertThat(r.path("overall_status").asString()).isEqualTo("FAILED");
        JsonNode samples = r.path("error_samples");
        assertThat(samples.size()).isEqualTo(4);
        assertThat(samples.path(0).path("kind").asString()).isEqualTo("wrong_type");
        assertThat(samples.path(0).path("expected").toString()).isEqualTo("{\"type\":\"PER\",\"text\":\"張忠謀\"}");
        assertThat(samples.path(0).path("prediction").toString()).isEqualTo("{\"type\":\"ORG\",\"text\":\"張忠謀\"}");
        assertThat(samples.path(0).path("raw_output").asString()).startsWith("{\"ORG\"");
        assertThat(samples.path(1).path("kind").asString()).isEqualTo("spurious");
        assertThat(samples.path(1).path("expected").isNull()).isTrue();
        assertThat(samples.path(2).path("kind").asString()).isEqualTo("wrong_boundary");
        assertThat(samples.path(3).path("kind").asString()).isEqualTo("missed");
        assertThat(samples.path(3).path("expected").toString())
                .isEqualTo("{\"type\":\"LOC\",\"text\":\"新竹\",\"start\":1,\"end\":3}");
        assertThat(samples.path(3).path("prediction").isNull()).isTrue();

        String report = Files.readString(task.resolve(result.reportPath()));
        assertThat(report).contains("# Evaluation of ner-news v1", "❌ FAILED — entity_f1 0.4000 < 0.7000",
                "4 sentences, 5 gold entities, 5 predicted",
                "| entity_f1 (primary) | 0.4000 | ≥ 0.7000 | ❌ |",
                "| entity_f1_type_match | 0.6000 | – |  |",
                "| sentence_accuracy | 0.2500 | – |  |",
                "sentence_accuracy is the share of sentences whose predicted entity set is exactly the gold set",
                "| ORG | 0.3333 | 0.5000 | 0.4000 | 2 |",
                "| PER | 1.0000 | 0.5000 | 0.6667 | 2 |",
                "| macro avg | 0.4444 | 0.3333 | 0.3556 | 5 |",
                "| weighted avg | 0.5333 | 0.4000 | 0.4267 | 5 |",
                "| type match | 0.6000 | 0.6000 | 0.6000 | 5 |",
                "| wrong_type | 1 | 25.0% |",
                "| 張忠謀創辦台積電 | 張忠謀 (ORG) | 張忠謀 (PER) | wrong type: PER predicted as ORG (raw output: ",
                "| 在新竹 | — | 新竹 (LOC) @1..3 | missed: 新竹 (LOC) @1..3 was not found |",
                "wrong boundary: 台積電 (ORG) instead of 台積電公司 (ORG)");
        assertThat(report).doesNotContain("Confusion matrix");
    }

    @Test
    void theErrorsOfASentenceAreSortedByKind() {
        NerPrediction s = new NerPrediction("張忠謀創辦台積電", List.of(Entity.span("PER", 0, 3, "張忠謀"),
                Entity.span("ORG", 5, 8, "台積電")), List.of(Entity.span("ORG", 0, 3, "張忠謀"),
                Entity.span("ORG", 5, 7, "台積"), Entity.span("LOC", 3, 4, "創")), "");
        assertThat(NerEvaluation.errors(s)).extracting(EntityError::kind, EntityError::expected, EntityError::predicted)
                .containsExactly(
                        tuple(EntityError.Kind.WRONG_TYPE, Entity.span("PER", 0, 3, "張忠謀"), Entity.span("ORG", 0, 3, "張忠謀")),
                        tuple(EntityError.Kind.WRONG_BOUNDARY, Entity.span("ORG", 5, 8, "台積電"), Entity.span("ORG", 5, 7, "台積")),
                        tuple(EntityError.Kind.SPURIOUS, null, Entity.span("LOC", 3, 4, "創")));
    }

    @Test
    void entityPredictionsAreRecognisedWithoutATaskTypeAndTakeTheNerDefault(@TempDir Path task) throws Exception {
        NerFolder.write(task, null, NerFolder.PREDICTIONS);

        NerEvaluation e = (NerEvaluation) evaluator.evaluate(NerFolder.job(), NerFolder.succeeded(), task)
                .orElseThrow().evaluation();

        assertThat(e.criteria()).isEqualTo(SuccessCriteria.DEFAULT_EXTRACTION);
        assertThat(e.metrics().exact()).isEqualTo(new NerMetrics.Counts(2, 5, 5));
    }

    @Test
    void theTasksOwnPrimaryMetricDecides(@TempDir Path task) throws Exception {
        NerFolder.write(task, NerFolder.TASK_YAML.replace("{primary_metric: f1, threshold: 0.70}",
                "{primary_metric: entity-f1-type-match, threshold: 0.6}"), NerFolder.PREDICTIONS);
        NerEvaluation byType = (NerEvaluation) evaluator.evaluate(NerFolder.job(), NerFolder.succeeded(), task)
                .orElseThrow().evaluation();
        assertThat(byType.criteria().primaryMetric()).isEqualTo("entity_f1_type_match");
        assertThat(byType.passed()).isTrue();

        // a classification name reads as its entity-level counterpart: accuracy is the sentence accuracy
        NerFolder.write(task, NerFolder.TASK_YAML.replace("{primary_metric: f1, threshold: 0.70}",
                "{primary_metric: accuracy, threshold: 0.25}"), NerFolder.PREDICTIONS);
        NerEvaluation byAccuracy = (NerEvaluation) evaluator.evaluate(NerFolder.job(), NerFolder.succeeded(), task)
                .orElseThrow().evaluation();
        assertThat(byAccuracy.criteria().primaryMetric()).isEqualTo("sentence_accuracy");
        assertThat(byAccuracy.primaryValue()).isEqualTo(0.25);
        assertThat(byAccuracy.passed()).isTrue();
        JsonNode r = JsonMapper.builder().build().readTree(task.resolve("benchmarks/results/v1_results.json").toFile());
        assertThat(r.path("pass_criteria").path("sentence_accuracy").path("passed").asBoolean()).isTrue();

        NerFolder.write(task, NerFolder.TASK_YAML.replace("{primary_metric: f1, threshold: 0.70}",
                "{primary_metric: bleu, threshold: 0.3}"), NerFolder.PREDICTIONS);
        assertThatThrownBy(() -> evaluator.evaluate(NerFolder.job(), NerFolder.succeeded(), task))
                .hasMessageContaining("task.yaml 'success_criteria' (task_type extraction): Metric 'bleu' is not one the "
                        + "extraction (NER) evaluation computes: use one of entity_f1, ");
    }

    @Test
    void anEntityTypeOutsideTheTasksTypesIsNamedAndNothingIsWritten(@TempDir Path task) throws Exception {
        Path file = task.resolve(EvaluationFiles.predictionsPath("v1", "test"));
        NerFolder.write(task, NerFolder.TASK_YAML, NerFolder.PREDICTIONS
                + "{\"input\": \"x\", \"gold\": [], \"predicted\": [{\"type\": \"PER\", \"text\": \"x\"}, "
                + "{\"type\": \"MONEY\", \"text\": \"x\"}]}\n");
        assertThatThrownBy(() -> evaluator.evaluate(NerFolder.job(), NerFolder.succeeded(), task))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + " line 6: 'predicted' entity 2 has the entity type 'MONEY', which is not one of "
                        + "the task's entity types PER, ORG, LOC (task.yaml)");
        assertThat(task.resolve("benchmarks/results")).doesNotExist();

        NerFolder.write(task, NerFolder.TASK_YAML, "{\"tokens\": [\"a\", \"b\"], \"gold\": [\"B-PER\", \"O\"], "
                + "\"predicted\": [\"O\", \"I-DATE\"]}\n");
        assertThatThrownBy(() -> evaluator.evaluate(NerFolder.job(), NerFolder.succeeded(), task))
                .hasMessage(file + " line 1: 'predicted' tag 2 'I-DATE' has the entity type 'DATE', which is not one "
                        + "of the task's entity types PER, ORG, LOC (task.yaml)");
        assertThat(task.resolve("benchmarks/results")).doesNotExist();
    }

    @Test
    void aLineInNeitherShapeIsNamedAndNothingIsWritten(@TempDir Path task) throws Exception {
        Path file = task.resolve(EvaluationFiles.predictionsPath("v1", "test"));
        // an extraction task's predictions with a label row among them
        NerFolder.write(task, NerFolder.TASK_YAML, NerFolder.PREDICTIONS + "{\"gold\": \"PER\", \"predicted\": \"ORG\"}\n");
        assertThatThrownBy(() -> evaluator.evaluate(NerFolder.job(), NerFolder.succeeded(), task))
                .hasMessageStartingWith(file + " line 6: 'gold' and 'predicted' must both be lists: of entities");
        NerFolder.write(task, null, "{\"gold\": [{\"type\": \"PER\"}], \"predicted\": []}\n");
        assertThatThrownBy(() -> evaluator.evaluate(NerFolder.job(), NerFolder.succeeded(), task))
                .hasMessage(file + " line 1: 'gold' entity 1: An entity needs its text or its span");
        assertThat(task.resolve("benchmarks/results")).doesNotExist();
    }

    @Test
    void taskTypeIsReadFromTaskYaml(@TempDir Path task) throws Exception {
        Path yaml = task.resolve("task.yaml");
        assertThat(SuccessCriteria.taskTypeFromTaskYaml(yaml)).isEqualTo(TaskType.CLASSIFICATION);
        Files.writeString(yaml, "task_type: extraction\n");
        assertThat(SuccessCriteria.taskTypeFromTaskYaml(yaml)).isEqualTo(TaskType.EXTRACTION);
        assertThat(SuccessCriteria.fromTaskYaml(yaml)).isEqualTo(SuccessCriteria.DEFAULT_EXTRACTION);
        Files.writeString(yaml, "task_type: extraction\nsuccess_criteria: {threshold: 0.9}\n");
        assertThat(SuccessCriteria.fromTaskYaml(yaml)).isEqualTo(new SuccessCriteria("entity_f1", 0.9));
        Files.writeString(yaml, "task_type: classification\nsuccess_criteria: {primary_metric: f1}\n");
        assertThat(SuccessCriteria.fromTaskYaml(yaml)).isEqualTo(new SuccessCriteria("macro_f1", 0.8));
        Files.writeString(yaml, "task_type: extration\n");
        assertThatThrownBy(() -> SuccessCriteria.taskTypeFromTaskYaml(yaml))
                .hasMessage(yaml + ": 'task_type' is 'extration', expected one of classification, extraction, "
                        + "generation, qa");
    }
}
