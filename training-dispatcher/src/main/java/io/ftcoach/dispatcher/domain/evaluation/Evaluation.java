package io.ftcoach.dispatcher.domain.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A version's evaluation on one split: the metrics, the commonest confusions, the first errors and the verdict on
 * the task's success criteria.
 *
 * @param errorSamples the first wrong predictions, in file order
 */
public record Evaluation(String split, ClassificationMetrics metrics, List<ConfusionPair> topConfusions,
                         List<Prediction> errorSamples, SuccessCriteria criteria, double primaryValue,
                         boolean passed) implements EvaluationVerdict {

    /** How many error samples the results keep (workflow-spec §5.6: the first 10). */
    public static final int DEFAULT_ERROR_SAMPLES = 10;
    /** How many confusion pairs the results keep. */
    public static final int DEFAULT_TOP_CONFUSIONS = 10;

    public static Evaluation of(String split, List<String> labels, List<Prediction> predictions,
                                SuccessCriteria criteria, int maxErrorSamples, int maxConfusions) {
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("There are no predictions to evaluate on the " + split + " split");
        }
        ClassificationMetrics m = ClassificationMetrics.of(labels, predictions);
        List<Prediction> errors = predictions.stream().filter(p -> !p.correct()).limit(maxErrorSamples).toList();
        double value = m.metric(criteria.primaryMetric());
        return new Evaluation(split, m, confusions(m, maxConfusions), errors, criteria, value,
                value >= criteria.threshold());
    }

    public static Evaluation of(String split, List<String> labels, List<Prediction> predictions,
                                SuccessCriteria criteria) {
        return of(split, labels, predictions, criteria, DEFAULT_ERROR_SAMPLES, DEFAULT_TOP_CONFUSIONS);
    }

    /** Off-diagonal cells, most frequent first (ties in label order), at most {@code max}. */
    static List<ConfusionPair> confusions(ClassificationMetrics m, int max) {
        long errors = m.total() - m.correct();
        List<ConfusionPair> pairs = new ArrayList<>();
        long[][] cm = m.confusion();
        for (int i = 0; i < cm.length; i++) {
            long support = m.perClass().get(i).support();
            for (int j = 0; j < cm.length; j++) {
                if (i != j && cm[i][j] > 0) {
                    pairs.add(new ConfusionPair(m.labels().get(i), m.labels().get(j), cm[i][j],
                            (double) cm[i][j] / errors, support == 0 ? 0.0 : (double) cm[i][j] / support));
                }
            }
        }
        // stable sort: equal counts keep row-major label order
        pairs.sort(Comparator.comparingLong(ConfusionPair::count).reversed());
        return List.copyOf(pairs.subList(0, Math.min(max, pairs.size())));
    }
}
