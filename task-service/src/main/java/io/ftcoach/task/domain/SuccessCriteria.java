package io.ftcoach.task.domain;

import java.util.List;

/**
 * The metric a version is judged on and the bar it must reach, plus secondary metrics and a floor every class's
 * F1 must clear. Pass/fail uses this task's own primary metric, whichever it is (spec §5.1: the original compared
 * macro_f1 regardless, a bug not to copy).
 *
 * @param closeBand how far below the threshold the coach still calls a result "close to target" (small tweaks, or
 *                  accept it) rather than a significant gap; null leaves it to the coach's configured default
 */
public record SuccessCriteria(String primaryMetric, double threshold, List<String> secondaryMetrics,
                              Double perClassFloor, Double closeBand) {

    public SuccessCriteria {
        if (primaryMetric == null || primaryMetric.isBlank()) {
            throw new IllegalArgumentException("success_criteria.primary_metric is required, e.g. macro_f1");
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("success_criteria.threshold must be in (0, 1], was " + threshold);
        }
        if (perClassFloor != null && !(perClassFloor >= 0 && perClassFloor <= 1)) {
            throw new IllegalArgumentException("success_criteria.per_class_floor must be in [0, 1], was " + perClassFloor);
        }
        if (closeBand != null && !(closeBand >= 0 && closeBand < 1)) {
            throw new IllegalArgumentException("success_criteria.close_band must be at least 0 and below 1 (a distance "
                    + "in metric units below the threshold, e.g. 0.05), was " + closeBand);
        }
        secondaryMetrics = secondaryMetrics == null ? List.of() : List.copyOf(secondaryMetrics);
    }

    public SuccessCriteria(String primaryMetric, double threshold, List<String> secondaryMetrics,
                           Double perClassFloor) {
        this(primaryMetric, threshold, secondaryMetrics, perClassFloor, null);
    }

    public SuccessCriteria(String primaryMetric, double threshold) {
        this(primaryMetric, threshold, List.of(), null, null);
    }

    public static SuccessCriteria classificationDefault() {
        return new SuccessCriteria("macro_f1", 0.80);
    }

    /** Suggested defaults by task type (spec §5.1 [A]). */
    public static SuccessCriteria defaultFor(String taskType) {
        return switch (taskType) {
            case "extraction" -> new SuccessCriteria("entity_f1", 0.70, List.of("precision", "recall"), null);
            case "generation" -> new SuccessCriteria("format_correct_rate", 0.95, List.of(), null);
            default -> new SuccessCriteria("macro_f1", 0.80, List.of("accuracy", "per_class_f1"), 0.70);
        };
    }
}
