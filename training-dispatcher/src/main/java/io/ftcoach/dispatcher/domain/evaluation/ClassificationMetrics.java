package io.ftcoach.dispatcher.domain.evaluation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Single-label classification metrics, computed as scikit-learn's {@code classification_report(labels=...,
 * zero_division=0)}, {@code accuracy_score} and {@code confusion_matrix(labels=...)} compute them: a ratio with a
 * zero denominator is 0.0; macro averages weigh every listed label alike (a label with no support included);
 * weighted averages weigh each label by its support.
 *
 * @param labels    the label order of {@link #perClass} and the confusion matrix
 * @param confusion row = gold label, column = predicted label, in {@link #labels} order
 */
public record ClassificationMetrics(List<String> labels, long total, long correct, double accuracy,
                                    double macroPrecision, double macroRecall, double macroF1,
                                    double weightedPrecision, double weightedRecall, double weightedF1,
                                    List<ClassScore> perClass, long[][] confusion) {

    /** Precision, recall, F1 and support of one label. */
    public record ClassScore(String label, double precision, double recall, double f1, long support) {
    }

    /** The metric names {@link #metric(String)} and {@link #asMap()} know. */
    public static final List<String> METRIC_NAMES = List.of("accuracy", "macro_f1", "weighted_f1", "macro_precision",
            "macro_recall", "weighted_precision", "weighted_recall");

    /**
     * @param labels the task's labels in their order; a gold or predicted label missing from it is appended (in
     *               sorted order), so every row is counted; null or empty: the sorted union of gold and predicted,
     *               as scikit-learn orders them
     */
    public static ClassificationMetrics compute(List<String> labels, List<String> gold, List<String> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("There are " + gold.size() + " gold labels but " + predicted.size()
                    + " predictions; each prediction needs its gold label");
        }
        List<String> order = labelOrder(labels, gold, predicted);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            index.put(order.get(i), i);
        }
        int k = order.size();
        long[][] cm = new long[k][k];
        long correct = 0;
        for (int r = 0; r < gold.size(); r++) {
            String g = gold.get(r);
            String p = predicted.get(r);
            cm[index.get(g)][index.get(p)]++;
            if (g.equals(p)) {
                correct++;
            }
        }
        long total = gold.size();
        List<ClassScore> scores = new ArrayList<>(k);
        double sumP = 0, sumR = 0, sumF = 0, wP = 0, wR = 0, wF = 0;
        for (int i = 0; i < k; i++) {
            long tp = cm[i][i];
            long support = 0, predictedCount = 0;
            for (int j = 0; j < k; j++) {
                support += cm[i][j];
                predictedCount += cm[j][i];
            }
            double precision = divide(tp, predictedCount);
            double recall = divide(tp, support);
            // scikit-learn: F = (1 + b^2) * tp / ((1 + b^2) * tp + b^2 * fn + fp), 0 when the denominator is 0
            double f1 = divide(2.0 * tp, 2.0 * tp + (support - tp) + (predictedCount - tp));
            scores.add(new ClassScore(order.get(i), precision, recall, f1, support));
            sumP += precision;
            sumR += recall;
            sumF += f1;
            wP += precision * support;
            wR += recall * support;
            wF += f1 * support;
        }
        return new ClassificationMetrics(List.copyOf(order), total, correct, divide(correct, total),
                k == 0 ? 0 : sumP / k, k == 0 ? 0 : sumR / k, k == 0 ? 0 : sumF / k,
                divide(wP, total), divide(wR, total), divide(wF, total), List.copyOf(scores), cm);
    }

    public static ClassificationMetrics of(List<String> labels, Collection<Prediction> predictions) {
        return compute(labels, predictions.stream().map(Prediction::gold).toList(),
                predictions.stream().map(Prediction::predicted).toList());
    }

    /** A metric by name (see {@link #METRIC_NAMES}; {@link #canonicalName} accepts the usual spellings). */
    public double metric(String name) {
        return switch (canonicalName(name)) {
            case "accuracy" -> accuracy;
            case "macro_f1" -> macroF1;
            case "weighted_f1" -> weightedF1;
            case "macro_precision" -> macroPrecision;
            case "macro_recall" -> macroRecall;
            case "weighted_precision" -> weightedPrecision;
            case "weighted_recall" -> weightedRecall;
            default -> throw new IllegalStateException(name);
        };
    }

    /** Every metric by its name, in {@link #METRIC_NAMES} order. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        METRIC_NAMES.forEach(n -> m.put(n, metric(n)));
        return m;
    }

    /**
     * The name as {@link #METRIC_NAMES} spells it: case, hyphens and spaces do not matter, and {@code f1_macro},
     * {@code macroF1}, {@code f1_weighted}, {@code acc} are understood.
     *
     * @throws IllegalArgumentException for a metric this evaluation does not compute, naming those it does
     */
    public static String canonicalName(String name) {
        String key = name == null ? "" : name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase()
                .replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        String canonical = switch (key) {
            case "acc", "accuracy" -> "accuracy";
            case "macro_f1", "f1_macro", "macro_f1_score", "f1" -> "macro_f1";
            case "weighted_f1", "f1_weighted" -> "weighted_f1";
            case "macro_precision", "precision_macro", "precision" -> "macro_precision";
            case "macro_recall", "recall_macro", "recall" -> "macro_recall";
            case "weighted_precision", "precision_weighted" -> "weighted_precision";
            case "weighted_recall", "recall_weighted" -> "weighted_recall";
            default -> null;
        };
        if (canonical == null) {
            throw new IllegalArgumentException("Metric '" + name + "' is not one the evaluation computes: use one of "
                    + String.join(", ", METRIC_NAMES));
        }
        return canonical;
    }

    private static List<String> labelOrder(List<String> labels, List<String> gold, List<String> predicted) {
        List<String> order = new ArrayList<>();
        if (labels != null) {
            for (String l : labels) {
                if (!order.contains(l)) {
                    order.add(l);
                }
            }
        }
        TreeSet<String> extra = new TreeSet<>(gold);
        extra.addAll(predicted);
        extra.removeAll(order);
        order.addAll(extra);
        return order;
    }

    private static double divide(double numerator, double denominator) {
        return denominator == 0 ? 0.0 : numerator / denominator;
    }
}
