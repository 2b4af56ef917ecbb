package io.ftcoach.dispatcher.domain.evaluation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A version's evaluation of an extraction (NER) task on one split: the entity-level metrics, how many entities went
 * wrong in which way, the first of them and the verdict on the task's success criteria.
 *
 * @param errorCounts  every wrong entity by kind, all kinds present (0 when none)
 * @param errorSamples the first wrong entities, in file order (in a sentence: wrong type, wrong boundary, spurious,
 *                     missed)
 */
public record NerEvaluation(String split, NerMetrics metrics, Map<EntityError.Kind, Long> errorCounts,
                            List<EntityError> errorSamples, SuccessCriteria criteria, double primaryValue,
                            boolean passed) implements EvaluationVerdict {

    public NerEvaluation {
        errorCounts = Map.copyOf(errorCounts);
        errorSamples = List.copyOf(errorSamples);
    }

    /** @param criteria read as an extraction task reads them ({@link SuccessCriteria#forExtraction()}) */
    public static NerEvaluation of(String split, List<NerPrediction> sentences, SuccessCriteria criteria,
                                   int maxErrorSamples) {
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException("There are no predictions to evaluate on the " + split + " split");
        }
        SuccessCriteria ner = criteria.forExtraction();
        NerMetrics m = NerMetrics.of(sentences);
        Map<EntityError.Kind, Long> counts = new EnumMap<>(EntityError.Kind.class);
        for (EntityError.Kind k : EntityError.Kind.values()) {
            counts.put(k, 0L);
        }
        List<EntityError> samples = new ArrayList<>();
        for (NerPrediction s : sentences) {
            for (EntityError e : errors(s)) {
                counts.merge(e.kind(), 1L, Long::sum);
                if (samples.size() < maxErrorSamples) {
                    samples.add(e);
                }
            }
        }
        double value = m.metric(ner.primaryMetric());
        return new NerEvaluation(split, m, counts, samples, ner, value, value >= ner.threshold());
    }

    public static NerEvaluation of(String split, List<NerPrediction> sentences, SuccessCriteria criteria) {
        return of(split, sentences, criteria, Evaluation.DEFAULT_ERROR_SAMPLES);
    }

    /** Every wrong entity of all sentences. */
    public long errorTotal() {
        return errorCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The wrong entities of one sentence. Exact matches are taken out first, as {@link NerMetrics} takes them; of
     * what is left, a prediction at a gold entity's place with another type is a wrong type, then one overlapping a
     * gold entity of its type a wrong boundary; the remaining predictions are spurious, the remaining gold missed.
     */
    static List<EntityError> errors(NerPrediction s) {
        List<Entity> gold = s.gold();
        List<Entity> predicted = s.predicted();
        boolean[] goldUsed = new boolean[gold.size()];
        boolean[] predUsed = new boolean[predicted.size()];
        List<EntityError> out = new ArrayList<>();
        for (int pass = 0; pass < 3; pass++) {
            for (int p = 0; p < predicted.size(); p++) {
                if (predUsed[p]) {
                    continue;
                }
                Entity e = predicted.get(p);
                for (int g = 0; g < gold.size(); g++) {
                    Entity truth = gold.get(g);
                    boolean sameType = truth.type().equals(e.type());
                    boolean hit = switch (pass) {
                        case 0 -> sameType && truth.sameBoundaries(e);
                        case 1 -> !sameType && truth.sameBoundaries(e);
                        default -> sameType && truth.overlaps(e);
                    };
                    if (!goldUsed[g] && hit) {
                        goldUsed[g] = true;
                        predUsed[p] = true;
                        if (pass > 0) {
                            out.add(new EntityError(pass == 1 ? EntityError.Kind.WRONG_TYPE
                                    : EntityError.Kind.WRONG_BOUNDARY, s.input(), truth, e, s.rawOutput()));
                        }
                        break;
                    }
                }
            }
        }
        for (int p = 0; p < predicted.size(); p++) {
            if (!predUsed[p]) {
                out.add(new EntityError(EntityError.Kind.SPURIOUS, s.input(), null, predicted.get(p), s.rawOutput()));
            }
        }
        for (int g = 0; g < gold.size(); g++) {
            if (!goldUsed[g]) {
                out.add(new EntityError(EntityError.Kind.MISSED, s.input(), gold.get(g), null, s.rawOutput()));
            }
        }
        return out;
    }
}
