package io.ftcoach.lineage.domain;

import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Two versions side by side (spec §6.3): config deltas (with % where numeric), the data snapshot, metric deltas in
 * points (macro-F1, accuracy, each class's F1), the regressions, and a verdict.
 *
 * <p>Verdict: <b>roll back</b> when the primary metric is worse; <b>adopt</b> when it improved, the new version
 * meets the task's threshold and no class's F1 dropped by more than {@link #CLASS_REGRESSION_TOLERANCE_POINTS};
 * otherwise <b>iterate</b> (improved but below the threshold or with such a class regression, or unchanged).
 */
public record VersionComparison(String from, String to, List<ConfigDelta> config, DataDelta data,
                                String primaryMetric, List<MetricDelta> metrics, List<MetricDelta> regressions,
                                Verdict verdict, List<String> reasons) {

    /** A class's F1 may drop by this many points without blocking adoption. */
    public static final double CLASS_REGRESSION_TOLERANCE_POINTS = 2.0;
    /** Metric names of per-class F1 scores are this prefix and the label. */
    public static final String CLASS_F1_PREFIX = "f1:";

    public enum Verdict {
        ADOPT("adopt"), ITERATE("iterate"), ROLL_BACK("roll back");

        private final String words;

        Verdict(String words) {
            this.words = words;
        }

        @JsonValue
        public String words() {
            return words;
        }
    }

    /** One setting; {@code delta} and {@code deltaPercent} only for numbers (percent null when {@code from} is 0). */
    public record ConfigDelta(String setting, Object from, Object to, boolean changed, Double delta,
                              Double deltaPercent) {
    }

    public record DataDelta(String fromSnapshotId, String toSnapshotId, boolean changed) {
    }

    /** One metric; values are fractions as evaluated, {@code deltaPoints} is (to − from) × 100. Null when absent. */
    public record MetricDelta(String metric, Double from, Double to, Double deltaPoints) {
    }

    /**
     * Compares {@code from} (the older, usually the parent) with {@code to}.
     *
     * @throws IllegalStateException naming the version that has no results yet
     */
    public static VersionComparison compare(VersionLineage from, VersionLineage to) {
        for (VersionLineage v : List.of(from, to)) {
            if (v.results() == null) {
                throw new IllegalStateException("Version '" + v.version() + "' has no results yet: it cannot be "
                        + "compared until its evaluation (EvaluationReady) has been recorded");
            }
        }
        List<ConfigDelta> config = config(settings(from), settings(to));
        DataDelta data = new DataDelta(from.dataSnapshotId(), to.dataSnapshotId(),
                !Objects.equals(from.dataSnapshotId(), to.dataSnapshotId()));
        List<MetricDelta> metrics = metrics(from.results(), to.results());
        List<MetricDelta> regressions = metrics.stream()
                .filter(m -> m.deltaPoints() != null && m.deltaPoints() < 0).toList();

        String primary = primaryMetric(to.results(), from.results());
        Double primaryFrom = primaryValue(from.results(), primary);
        Double primaryTo = primaryValue(to.results(), primary);
        if (primaryFrom == null || primaryTo == null) {
            throw new IllegalStateException("Version '" + (primaryFrom == null ? from.version() : to.version())
                    + "' has no value for the primary metric '" + primary + "' in its results");
        }
        List<String> reasons = new ArrayList<>();
        Verdict verdict;
        double primaryDelta = points(primaryTo - primaryFrom);
        List<MetricDelta> classDrops = regressions.stream()
                .filter(m -> m.metric().startsWith(CLASS_F1_PREFIX)
                        && m.deltaPoints() < -CLASS_REGRESSION_TOLERANCE_POINTS).toList();
        boolean meetsThreshold = to.results().passed();   // the evaluation's own verdict on the task's threshold
        if (primaryDelta < 0) {
            verdict = Verdict.ROLL_BACK;
            reasons.add(primary + " dropped " + signed(primaryDelta) + " points (" + fraction(primaryFrom) + " → "
                    + fraction(primaryTo) + "); keep " + from.version());
        } else if (primaryDelta == 0) {
            verdict = Verdict.ITERATE;
            reasons.add(primary + " unchanged at " + fraction(primaryTo) + "; change one variable at a time");
        } else {
            reasons.add(primary + " improved " + signed(primaryDelta) + " points (" + fraction(primaryFrom) + " → "
                    + fraction(primaryTo) + ")");
            if (!meetsThreshold) {
                reasons.add(to.version() + " is still below the threshold " + fraction(to.results().threshold())
                        + "; iterate to a next version");
            }
            for (MetricDelta d : classDrops) {
                reasons.add("class '" + d.metric().substring(CLASS_F1_PREFIX.length()) + "' F1 dropped "
                        + signed(d.deltaPoints()) + " points, more than " + CLASS_REGRESSION_TOLERANCE_POINTS);
            }
            verdict = meetsThreshold && classDrops.isEmpty() ? Verdict.ADOPT : Verdict.ITERATE;
            if (verdict == Verdict.ADOPT) {
                reasons.add("meets the threshold " + fraction(to.results().threshold())
                        + " with no class regression beyond " + CLASS_REGRESSION_TOLERANCE_POINTS + " points; adopt "
                        + to.version());
            }
        }
        return new VersionComparison(from.version().value(), to.version().value(), config, data, primary, metrics,
                regressions, verdict, List.copyOf(reasons));
    }

    private static TrainingSettings settings(VersionLineage v) {
        return v.request() == null ? null : v.request().config();
    }

    private static List<ConfigDelta> config(TrainingSettings a, TrainingSettings b) {
        List<ConfigDelta> out = new ArrayList<>();
        add(out, "base_model", a, b, TrainingSettings::baseModel);
        add(out, "method", a, b, TrainingSettings::method);
        add(out, "lora.r", a, b, TrainingSettings::loraRank);
        add(out, "lora.alpha", a, b, TrainingSettings::loraAlpha);
        add(out, "lora.dropout", a, b, TrainingSettings::loraDropout);
        add(out, "epochs", a, b, TrainingSettings::epochs);
        add(out, "learning_rate", a, b, TrainingSettings::learningRate);
        add(out, "batch_size", a, b, TrainingSettings::batchSize);
        return out;
    }

    private static void add(List<ConfigDelta> out, String name, TrainingSettings a, TrainingSettings b,
                            Function<TrainingSettings, Object> get) {
        Object x = a == null ? null : get.apply(a);
        Object y = b == null ? null : get.apply(b);
        Double delta = null;
        Double percent = null;
        if (x instanceof Number nx && y instanceof Number ny) {
            delta = round(ny.doubleValue() - nx.doubleValue(), 12);
            percent = nx.doubleValue() == 0 ? null : round(delta / nx.doubleValue() * 100, 1);
        }
        out.add(new ConfigDelta(name, x, y, !Objects.equals(x, y), delta, percent));
    }

    private static List<MetricDelta> metrics(ResultsSection a, ResultsSection b) {
        List<MetricDelta> out = new ArrayList<>();
        out.add(delta("macro_f1", a.macroF1(), b.macroF1()));
        out.add(delta("accuracy", a.accuracy(), b.accuracy()));
        Map<String, Double> fa = classF1(a);
        Map<String, Double> fb = classF1(b);
        Set<String> labels = new LinkedHashSet<>(fa.keySet());
        labels.addAll(fb.keySet());
        for (String label : labels) {
            out.add(delta(CLASS_F1_PREFIX + label, fa.get(label), fb.get(label)));
        }
        return out;
    }

    private static Map<String, Double> classF1(ResultsSection r) {
        Map<String, Double> m = new LinkedHashMap<>();
        r.perClass().forEach(c -> m.put(c.label(), c.f1()));
        return m;
    }

    private static MetricDelta delta(String metric, Double a, Double b) {
        return new MetricDelta(metric, a, b, a == null || b == null ? null : points(b - a));
    }

    private static String primaryMetric(ResultsSection to, ResultsSection from) {
        String p = to.primaryMetric() != null ? to.primaryMetric() : from.primaryMetric();
        return p == null ? "macro_f1" : p;
    }

    private static Double primaryValue(ResultsSection r, String metric) {
        if (metric.equals(r.primaryMetric()) && r.primaryValue() != null) {
            return r.primaryValue();
        }
        return switch (metric) {
            case "macro_f1" -> r.macroF1();
            case "accuracy" -> r.accuracy();
            default -> null;
        };
    }

    /** A difference of two fractions in points, to two decimals so that 0.815 − 0.72 reads 9.5, not 9.499…. */
    static double points(double fractionDelta) {
        return round(fractionDelta * 100, 2);
    }

    private static double round(double value, int decimals) {
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
    }

    static String signed(double points) {
        return (points > 0 ? "+" : "") + format(points);
    }

    static String format(double value) {
        String s = String.format(Locale.ROOT, "%.2f", value);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    static String fraction(double value) {
        String s = String.format(Locale.ROOT, "%.4f", value).replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
