package io.ftcoach.dispatcher.domain.evaluation;

import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobArtifact;
import io.ftcoach.dispatcher.domain.JobRequest;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.TrainingSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An extraction task's folder with four test sentences whose scores are worked out by hand (the first two are
 * NerMetricsTest's entity-list case, the third a BIO-tagged row):
 * <ol>
 *     <li>gold {台積電 ORG, 張忠謀 PER}, predicted {台積電 ORG, 張忠謀 ORG, 新竹 LOC}: 台積電 right, 張忠謀 wrong type,
 *     新竹 spurious;</li>
 *     <li>gold {台積電公司 ORG}, predicted {台積電 ORG}: wrong boundary (right for the type match only);</li>
 *     <li>BIO, gold = predicted = PER over tokens 0..3: right, the only sentence exactly right;</li>
 *     <li>gold {新竹 LOC}, nothing predicted: missed.</li>
 * </ol>
 * Exact: right 2, predicted 5, gold 5 → P = R = F1 = 0.4. Type match: right 3 → 0.6. Per type (exact): LOC 0/1/1 →
 * 0, 0, 0, support 1; ORG 1/3/2 → P 1/3, R 1/2, F1 0.4, support 2; PER 1/1/2 → P 1, R 1/2, F1 2/3, support 2.
 * Macro F1 = (0 + 0.4 + 2/3) / 3 = 16/45; macro P = 4/9, macro R = 1/3. Weighted F1 = (0·1 + 0.4·2 + (2/3)·2) / 5 =
 * 32/75; weighted P = 8/15, weighted R = 0.4. Sentence accuracy = 1/4.
 */
public final class NerFolder {

    public static final String PREDICTIONS = """
            {"input": "張忠謀創辦台積電", "gold": [{"type": "ORG", "text": "台積電"}, {"type": "PER", "text": "張忠謀"}], "predicted": [{"type": "ORG", "text": "台積電"}, {"type": "ORG", "text": "張忠謀"}, {"type": "LOC", "text": "新竹"}], "raw_output": "{\\"ORG\\": [\\"台積電\\", \\"張忠謀\\"], \\"LOC\\": [\\"新竹\\"]}"}
            {"input": "台積電公司宣布", "gold": [{"type": "ORG", "text": "台積電公司"}], "predicted": [{"type": "ORG", "text": "台積電"}]}

            {"tokens": ["王", "小", "明"], "gold": ["B-PER", "I-PER", "I-PER"], "predicted": ["B-PER", "I-PER", "I-PER"]}
            {"input": "在新竹", "gold": [{"type": "LOC", "text": "新竹", "start": 1, "end": 3}], "predicted": []}
            """;

    public static final String TASK_YAML = """
            task_name: ner-news
            task_type: extraction
            output_format:
              type: json
              schema: {entities: {type: array, items: {type: object, properties: {type: {enum: [PER, ORG, LOC]}, text: {type: string}}}}}
            success_criteria: {primary_metric: f1, threshold: 0.70}
            """;

    private NerFolder() {
    }

    /** Writes task.yaml (when given) and the v1 test predictions into {@code task}. */
    public static void write(Path task, String taskYaml, String predictions) throws IOException {
        if (taskYaml != null) {
            Files.writeString(task.resolve("task.yaml"), taskYaml);
        }
        Path file = task.resolve(EvaluationFiles.predictionsPath("v1", "test"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, predictions);
    }

    public static Job job() {
        JobRequest request = new JobRequest("req-1", "corr-1", Instant.parse("2026-11-25T10:00:00Z"), "task-service",
                "ner-news", "v1", null, "local", "ab".repeat(32), new TrainingSettings("Qwen/Qwen3-4B", "lora", 32, 64,
                0.05, 5, 1e-5, 2, Map.of()), List.of(), false, 3600L);
        return Job.queued("job-1", request, Instant.parse("2026-11-25T10:00:00Z"));
    }

    public static TrainingOutcome.Succeeded succeeded() {
        return new TrainingOutcome.Succeeded(List.of(new JobArtifact("model", "models/adapter/v1", null),
                new JobArtifact("predictions", EvaluationFiles.predictionsPath("v1", "test"), null)), Map.of());
    }
}
