package io.ftcoach.dispatcher.domain.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EvaluationTest {

    private static final List<String> LABELS = List.of("正面", "負面", "中立");
    /** gold → predicted: 正面 3/3 right; 負面 1 of 2 (1 → 中立); 中立 1 of 3 (2 → 正面). */
    private static final List<Prediction> PREDICTIONS = List.of(
            new Prediction("好吃", "正面", "正面", "正面"),
            new Prediction("很快", "正面", "正面", "正面"),
            new Prediction("不錯", "正面", "正面", "正面"),
            new Prediction("太慢", "負面", "負面", "負面"),
            new Prediction("冷了", "負面", "中立", "中立吧"),
            new Prediction("央行維持利率不變", "中立", "正面", "正面"),
            new Prediction("普通", "中立", "中立", "中立"),
            new Prediction("還行", "中立", "正面", "正面"));

    @Test
    void checksTheTasksOwnPrimaryMetric() {
        // accuracy 0.625 and macro-F1 0.6056 on the same predictions: the verdict follows the metric the task named
        Evaluation byAccuracy = Evaluation.of("test", LABELS, PREDICTIONS, new SuccessCriteria("accuracy", 0.61));
        assertThat(byAccuracy.primaryValue()).isEqualTo(5.0 / 8);
        assertThat(byAccuracy.passed()).isTrue();
        Evaluation byMacroF1 = Evaluation.of("test", LABELS, PREDICTIONS, new SuccessCriteria("macro_f1", 0.61));
        assertThat(byMacroF1.primaryValue()).isEqualTo(byMacroF1.metrics().macroF1()).isLessThan(0.61);
        assertThat(byMacroF1.passed()).isFalse();
        Evaluation byWeighted = Evaluation.of("test", LABELS, PREDICTIONS, new SuccessCriteria("weighted-f1", 0.5));
        assertThat(byWeighted.criteria().primaryMetric()).isEqualTo("weighted_f1");
        assertThat(byWeighted.primaryValue()).isEqualTo(byWeighted.metrics().weightedF1());
    }

    @Test
    void topConfusionsWithCountsAndSharesAndTheFirstErrors() {
        Evaluation e = Evaluation.of("test", LABELS, PREDICTIONS, SuccessCriteria.DEFAULT, 2, 10);
        assertThat(e.topConfusions()).containsExactly(
                new ConfusionPair("中立", "正面", 2, 2.0 / 3, 2.0 / 3),
                new ConfusionPair("負面", "中立", 1, 1.0 / 3, 1.0 / 2));
        assertThat(e.errorSamples()).extracting(Prediction::input).containsExactly("冷了", "央行維持利率不變");
    }

    @Test
    void writesResultsReportAndPredictions(@TempDir Path task) throws Exception {
        Evaluation e = Evaluation.of("test", LABELS, PREDICTIONS, new SuccessCriteria("accuracy", 0.6));
        Path predictions = task.resolve(EvaluationFiles.predictionsPath("v1", "test"));
        EvaluationFiles.writePredictions(predictions, PREDICTIONS);
        assertThat(EvaluationFiles.readPredictions(predictions)).isEqualTo(PREDICTIONS);
        assertThat(Files.readAllLines(predictions).get(4))
                .isEqualTo("{\"input\":\"冷了\",\"gold\":\"負面\",\"predicted\":\"中立\",\"raw_output\":\"中立吧\"}");

        List<String> written = EvaluationFiles.writeResults(task, "sentiment", "v1", "models/baseline/v1", e,
                Instant.parse("2026-11-25T12:00:00Z"));
        assertThat(written).containsExactly("benchmarks/results/v1_results.json", "benchmarks/results/v1_report.md");

        JsonNode r = JsonMapper.builder().build().readTree(task.resolve("benchmarks/results/v1_results.json").toFile());
        assertThat(r.path("task_name").asString()).isEqualTo("sentiment");
        assertThat(r.path("test_samples").asInt()).isEqualTo(8);
        assertThat(r.path("metrics").path("accuracy").asDouble()).isEqualTo(0.625);
        assertThat(r.path("metrics").path("macro_f1").asDouble()).isCloseTo(e.metrics().macroF1(), within(1e-12));
        assertThat(r.path("metrics").path("per_class").path("正面").asDouble()).isCloseTo(0.75, within(1e-12));
        assertThat(r.path("per_class_metrics").path("中立").path("support").asInt()).isEqualTo(3);
        assertThat(r.path("confusion_matrix").toString()).isEqualTo("[[3,0,0],[0,1,1],[2,0,1]]");
        assertThat(r.path("pass_criteria").path("accuracy").path("passed").asBoolean()).isTrue();
        assertThat(r.path("overall_status").asString()).isEqualTo("PASSED");
        assertThat(r.path("error_samples").size()).isEqualTo(3);
        assertThat(r.path("error_samples").path(0).path("raw_output").asString()).isEqualTo("中立吧");
        assertThat(r.path("confusion_pairs").path(0).path("count").asInt()).isEqualTo(2);

        String report = Files.readString(task.resolve("benchmarks/results/v1_report.md"));
        assertThat(report).contains("✅ PASSED", "| accuracy (primary) | 0.6250 | ≥ 0.6000 | ✅ |",
                "| 中立 | 0.5000 | 0.3333 | 0.4000 | 3 |", "| 中立 | 2 | 0 | 1 |",
                "| 中立 → 正面 | 2 | 66.7% | 66.7% |", "(raw output: 中立吧)");
        try (var files = Files.list(task.resolve("benchmarks/results"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("v1_results.json",
                    "v1_report.md");
        }
    }

    @Test
    void aBrokenPredictionsLineIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.jsonl");
        Files.writeString(file, "{\"gold\":\"a\",\"predicted\":\"a\"}\n{\"gold\":\"a\"}\n");
        assertThatThrownBy(() -> EvaluationFiles.readPredictions(file))
                .hasMessageContaining("p.jsonl line 2 is not a prediction");
    }

    @Test
    void theLabelOrderComesFromTaskYaml(@TempDir Path task) throws Exception {
        Path yaml = task.resolve("task.yaml");
        assertThat(SuccessCriteria.labelsFromTaskYaml(yaml)).isEmpty();
        Files.writeString(yaml, "task_name: x\noutput_format: {type: json, schema: {sentiment: {type: string, "
                + "enum: [正面, 負面, 中立]}}}\n");
        assertThat(SuccessCriteria.labelsFromTaskYaml(yaml)).containsExactly("正面", "負面", "中立");
        Files.writeString(yaml, "task_name: x\nlabels: [0, 1]\n");
        assertThat(SuccessCriteria.labelsFromTaskYaml(yaml)).containsExactly("0", "1");
    }

    @Test
    void successCriteriaComeFromTaskYamlWithADefault(@TempDir Path task) throws Exception {
        Path yaml = task.resolve("task.yaml");
        assertThat(SuccessCriteria.fromTaskYaml(yaml)).isEqualTo(SuccessCriteria.DEFAULT);
        Files.writeString(yaml, "task_name: x\nsuccess_criteria: {primary_metric: accuracy, threshold: 0.9}\n");
        assertThat(SuccessCriteria.fromTaskYaml(yaml)).isEqualTo(new SuccessCriteria("accuracy", 0.9));
        Files.writeString(yaml, "task_name: x\nsuccess_criteria:\n  threshold: 0.7\n");
        assertThat(SuccessCriteria.fromTaskYaml(yaml)).isEqualTo(new SuccessCriteria("macro_f1", 0.7));
        Files.writeString(yaml, "task_name: x\n");
        assertThat(SuccessCriteria.fromTaskYaml(yaml)).isEqualTo(new SuccessCriteria("macro_f1", 0.8));
        Files.writeString(yaml, "success_criteria: {primary_metric: bleu, threshold: 0.3}\n");
        assertThatThrownBy(() -> SuccessCriteria.fromTaskYaml(yaml)).hasMessageContaining("'bleu'");
    }
}
