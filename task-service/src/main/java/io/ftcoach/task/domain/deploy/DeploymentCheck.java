package io.ftcoach.task.domain.deploy;

import io.ftcoach.task.domain.SuccessCriteria;
import io.ftcoach.task.domain.versions.VersionEntry;

import java.util.Locale;

/**
 * Whether a version may be deployed (spec §1.9 step 1): its evaluation must meet the task's own success criteria,
 * judged on the task's primary metric, whichever it is; below target (or not evaluated at all) a person has to
 * force the deployment, knowing the numbers.
 *
 * @param value the version's primary metric, null when it was not evaluated on that metric
 */
public record DeploymentCheck(String version, String primaryMetric, Double value, double threshold, boolean met,
                              boolean forced, String summary) {

    public static DeploymentCheck of(String task, VersionEntry version, SuccessCriteria criteria, boolean force) {
        String metric = criteria.primaryMetric();
        Double value = version.metric(metric);
        boolean met = value != null && value >= criteria.threshold();
        String target = metric + " ≥ " + pct(criteria.threshold());
        if (met) {
            return new DeploymentCheck(version.version(), metric, value, criteria.threshold(), true, false,
                    "✅ " + metric + " = " + pct(value) + " meets the target " + target);
        }
        String problem = value == null
                ? "Version " + version.version() + " of '" + task + "' has no " + metric + " result yet (target "
                + target + "): evaluate it first"
                : "Version " + version.version() + " of '" + task + "' does not meet its success criteria: " + metric
                + " = " + pct(value) + ", target " + target;
        if (!force) {
            throw new BelowTargetException(problem + ". Improve it (a new version) or deploy anyway by sending "
                    + "\"force\": true", metric, value, criteria.threshold());
        }
        return new DeploymentCheck(version.version(), metric, value, criteria.threshold(), false, true,
                "⚠️ forced: " + problem);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    /** Refused below target without force: HTTP 409 with the metric, its value and the threshold. */
    public static final class BelowTargetException extends IllegalStateException {

        private final String metric;
        private final Double value;
        private final double threshold;

        public BelowTargetException(String message, String metric, Double value, double threshold) {
            super(message);
            this.metric = metric;
            this.value = value;
            this.threshold = threshold;
        }

        public String metric() {
            return metric;
        }

        public Double value() {
            return value;
        }

        public double threshold() {
            return threshold;
        }
    }
}
