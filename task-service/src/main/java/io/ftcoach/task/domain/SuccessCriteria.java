package io.ftcoach.task.domain;

/**
 * The metric a version is judged on and the bar it must reach. Pass/fail uses this task's own primary metric,
 * whichever it is (spec §5.1: the original compared macro_f1 regardless, a bug not to copy).
 */
public record SuccessCriteria(String primaryMetric, double threshold) {

    public SuccessCriteria {
        if (primaryMetric == null || primaryMetric.isBlank()) {
            throw new IllegalArgumentException("success_criteria.primary_metric is required, e.g. macro_f1");
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("success_criteria.threshold must be in (0, 1], was " + threshold);
        }
    }

    public static SuccessCriteria classificationDefault() {
        return new SuccessCriteria("macro_f1", 0.80);
    }
}
