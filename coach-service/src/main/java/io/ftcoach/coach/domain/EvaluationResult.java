package io.ftcoach.coach.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A version's evaluation as the analyzer needs it.
 *
 * @param primaryMetric    the task's own success metric (spec §5.1), e.g. macro_f1 or accuracy
 * @param threshold        the task's target for it
 * @param metrics          every metric the evaluation reported, by name
 * @param confusionLabels  label order of {@code confusionMatrix} (row = expected, column = predicted)
 */
public record EvaluationResult(String task, String version, String primaryMetric, double threshold,
                               Map<String, Double> metrics, double macroF1, double accuracy,
                               List<ClassScore> perClass, List<String> confusionLabels,
                               List<List<Long>> confusionMatrix) {

    public EvaluationResult {
        Objects.requireNonNull(primaryMetric, "primaryMetric");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        perClass = perClass == null ? List.of() : List.copyOf(perClass);
        confusionLabels = confusionLabels == null ? List.of() : List.copyOf(confusionLabels);
        confusionMatrix = confusionMatrix == null ? List.of() : confusionMatrix.stream().map(List::copyOf).toList();
    }
}
