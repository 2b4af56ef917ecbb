package io.ftcoach.coach.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * result-analyzer, single-version analysis (spec §2.4 steps 2 and 4): compares the task's own primary metric with
 * its target and decides met / close / significant gap, with a short list of next steps grounded in the numbers;
 * then (step 3) the comparison with the parent version, which turns into the version choice (template D) when the
 * new version scored below its parent.
 */
public final class ResultAnalyzer {

    /**
     * The spec gives no boundary between "close" and "significant gap" (§2.4). Five points of the metric is a
     * gap that one well-chosen change (an epoch, more examples of the weakest class) commonly closes; it is a
     * setting ({@code ftcoach.coach.close-band}).
     */
    public static final double DEFAULT_CLOSE_BAND = 0.05;

    /** Spec §5.1's suggested default for classification: every class should reach F1 0.70. */
    public static final double WEAK_CLASS_F1 = 0.70;

    /** Classes with this many times the rows of another are called out as imbalanced. */
    static final double IMBALANCE_RATIO = 2.0;

    /**
     * Scores arrive as binary doubles, so 0.80 − 0.75 is 0.05000000000000004; a gap this close to the band
     * counts as inside it, as a person reading "0.75 against 0.80" expects.
     */
    private static final double EPSILON = 1e-9;

    private final double closeBand;

    public ResultAnalyzer(double closeBand) {
        if (!(closeBand >= 0 && closeBand < 1)) {
            throw new IllegalArgumentException("The close band must be at least 0 and below 1 (a distance in "
                    + "metric units, e.g. 0.05), not " + closeBand);
        }
        this.closeBand = closeBand;
    }

    public double closeBand() {
        return closeBand;
    }

    public Analysis analyze(EvaluationResult r) {
        return analyze(r, null);
    }

    /** With the task's own close band (task.yaml success_criteria.close_band) when it sets one. */
    public Analysis analyze(EvaluationResult r, Double taskCloseBand) {
        if (taskCloseBand != null && !(taskCloseBand >= 0 && taskCloseBand < 1)) {
            throw new IllegalArgumentException("The close band of task " + r.task() + " must be at least 0 and below 1, not "
                    + taskCloseBand);
        }
        double closeBand = taskCloseBand != null ? taskCloseBand : this.closeBand;
        String metric = r.primaryMetric();
        double value = primaryValue(r);
        double threshold = r.threshold();
        double gap = threshold - value;
        Decision decision = value >= threshold ? Decision.MET
                : gap <= closeBand + EPSILON ? Decision.CLOSE : Decision.SIGNIFICANT_GAP;

        String verdict = switch (decision) {
            case MET -> "target met ✅";
            case CLOSE -> fmt("close to the target ⚠️: %.4f short, within the %.2f band", gap, closeBand);
            case SIGNIFICANT_GAP -> fmt("significant gap ❌: %.4f short (close band %.2f)", gap, closeBand);
            case CHOOSE_VERSION -> throw new IllegalStateException("a single version is never a version choice");
        };
        String ofTarget = threshold > 0 ? fmt(" (%.1f%% of target)", 100 * value / threshold) : "";
        String summary = fmt("%s %s: %s %.4f against a target of %.4f%s — %s.", r.task(), r.version(), metric,
                value, threshold, ofTarget, verdict);

        List<String> recommendations = new ArrayList<>();
        if (decision == Decision.MET) {
            recommendations.add(fmt("Deploy %s with /deploy %s %s, or keep optimising one change at a time.",
                    r.version(), r.task(), r.version()));
        }
        weakClasses(r).ifPresent(recommendations::add);
        if (decision != Decision.MET) {
            topConfusion(r).ifPresent(recommendations::add);
            imbalance(r).ifPresent(recommendations::add);
        }
        if (decision == Decision.CLOSE) {
            recommendations.add(fmt("Small tweaks may close the %.4f gap: change one setting at a time (one more "
                    + "epoch, more examples of the weakest class), or accept this score.", gap));
        } else if (decision == Decision.SIGNIFICANT_GAP) {
            recommendations.add("Diagnose before retraining: the problem-diagnoser ranks causes and fixes; then "
                    + "fix, train the next version and re-evaluate.");
        }
        return new Analysis(decision, metric, value, threshold, summary, recommendations);
    }

    /**
     * Adds the comparison with the parent version's score on the same metric: the delta, and when the new version
     * regressed, the choice of version (template D) recommending the better one.
     */
    public Analysis compareWithParent(Analysis a, String task, String version, String parent, double parentValue) {
        double delta = a.value() - parentValue;
        List<String> recommendations = new ArrayList<>(a.recommendations());
        String comparison = fmt("Against its parent %s: %s %.4f → %.4f (%+.4f).", parent, a.metric(), parentValue,
                a.value(), delta);
        if (delta >= 0) {
            recommendations.add(0, comparison + (delta > 0 ? " The change helped." : " No change in the score."));
            return new Analysis(a.decision(), a.metric(), a.value(), a.threshold(), a.summary() + " " + comparison,
                    recommendations, parent);
        }
        recommendations.add(0, fmt("%s Choose %s: it scores %.4f higher; keep %s as the active version (roll back "
                + "with task-service) and check which change caused the regression before the next version.",
                comparison, parent, -delta, parent));
        return new Analysis(Decision.CHOOSE_VERSION, a.metric(), a.value(), a.threshold(),
                fmt("%s %s regressed against %s: %s %.4f against %.4f — choose %s.", task, version, parent,
                        a.metric(), a.value(), parentValue, parent), recommendations, parent);
    }

    /**
     * The value of the task's own primary metric (spec §5.1: never macro_f1 in place of another metric): from
     * the reported metrics by name, else the dedicated field for macro-F1 and accuracy.
     *
     * @throws IllegalArgumentException when the evaluation did not report that metric
     */
    public static double primaryValue(EvaluationResult r) {
        String wanted = normalise(r.primaryMetric());
        Double value = r.metrics().get(r.primaryMetric());
        if (value == null) {
            value = r.metrics().entrySet().stream().filter(e -> normalise(e.getKey()).equals(wanted))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (value == null) {
            value = switch (wanted) {
                case "macrof1" -> r.macroF1();
                case "accuracy" -> r.accuracy();
                default -> null;
            };
        }
        if (value == null || !Double.isFinite(value)) {
            throw new IllegalArgumentException(fmt("The evaluation of %s %s has no usable value for its primary "
                    + "metric '%s' (reported: %s); the analysis needs the task's own metric, not a stand-in",
                    r.task(), r.version(), r.primaryMetric(), new TreeSet<>(r.metrics().keySet())));
        }
        return value;
    }

    private static Optional<String> weakClasses(EvaluationResult r) {
        List<ClassScore> weak = r.perClass().stream().filter(c -> c.f1() < WEAK_CLASS_F1)
                .sorted(Comparator.comparingDouble(ClassScore::f1)).toList();
        if (weak.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = weak.stream().map(c -> fmt("%s %.2f", c.label(), c.f1())).toList();
        return Optional.of(fmt("Per-class F1 below %.2f: %s; add or re-check labelled examples of %s.",
                WEAK_CLASS_F1, String.join(", ", parts), weak.size() == 1 ? "that class" : "those classes"));
    }

    /** The largest off-diagonal cell of the confusion matrix. */
    private static Optional<String> topConfusion(EvaluationResult r) {
        List<String> labels = r.confusionLabels();
        List<List<Long>> m = r.confusionMatrix();
        int bestRow = -1;
        int bestCol = -1;
        long best = 0;
        for (int i = 0; i < m.size() && i < labels.size(); i++) {
            for (int j = 0; j < m.get(i).size() && j < labels.size(); j++) {
                if (i != j && m.get(i).get(j) > best) {
                    best = m.get(i).get(j);
                    bestRow = i;
                    bestCol = j;
                }
            }
        }
        if (best == 0) {
            return Optional.empty();
        }
        long rowTotal = m.get(bestRow).stream().mapToLong(Long::longValue).sum();
        return Optional.of(fmt("Most frequent confusion: %s predicted as %s, %d of %d %s rows (%.0f%%); "
                        + "review those error samples.", labels.get(bestRow), labels.get(bestCol), best, rowTotal,
                labels.get(bestRow), 100.0 * best / rowTotal));
    }

    /** Class balance as the evaluation split shows it (per-class support). */
    private static Optional<String> imbalance(EvaluationResult r) {
        List<ClassScore> withSupport = r.perClass().stream().filter(c -> c.support() > 0).toList();
        if (withSupport.size() < 2) {
            return Optional.empty();
        }
        ClassScore most = withSupport.stream().max(Comparator.comparingLong(ClassScore::support)).orElseThrow();
        ClassScore least = withSupport.stream().min(Comparator.comparingLong(ClassScore::support)).orElseThrow();
        double ratio = (double) most.support() / least.support();
        if (ratio < IMBALANCE_RATIO) {
            return Optional.empty();
        }
        return Optional.of(fmt("Classes are imbalanced: %s has %d evaluation rows, %s only %d (%.1f×); "
                        + "rebalance the training data or weight the classes.", most.label(), most.support(),
                least.label(), least.support(), ratio));
    }

    /** macro_f1, macroF1 and macro-f1 name the same metric. */
    private static String normalise(String metric) {
        return metric.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
