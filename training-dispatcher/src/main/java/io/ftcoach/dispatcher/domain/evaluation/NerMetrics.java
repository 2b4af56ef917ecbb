package io.ftcoach.dispatcher.domain.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entity-level scores of an extraction (NER) task, counted over all sentences (micro), in two ways:
 * <ul>
 *     <li><b>exact</b> — a predicted entity is right when a gold entity of the same sentence has the same type and
 *     the same boundaries (span, or text when there is no span). This is seqeval's definition, so these numbers
 *     equal seqeval's {@code precision_score}, {@code recall_score}, {@code f1_score} and
 *     {@code classification_report} on the same chunks;</li>
 *     <li><b>type</b> — right when a gold entity has the same type and some part in common (overlapping spans, or
 *     one text inside the other): the "ent_type" scheme of SemEval-2013 / nervaluate, which forgives a boundary
 *     off by a character.</li>
 * </ul>
 * Each gold entity is matched at most once (same-boundary matches first, then overlaps, in order). Precision is
 * right / predicted, recall right / gold, F1 their harmonic mean; each is 0 when its denominator is 0 (seqeval's
 * zero_division default). Per type, with the macro and support-weighted averages, for the exact scores.
 */
public record NerMetrics(Counts exact, Counts typeMatch, List<TypeScore> perType) {

    /** Right, predicted and gold entity counts, and the scores they give. */
    public record Counts(long correct, long predicted, long gold) {
        public double precision() {
            return predicted == 0 ? 0.0 : (double) correct / predicted;
        }

        public double recall() {
            return gold == 0 ? 0.0 : (double) correct / gold;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
        }
    }

    /** Exact-match scores of one entity type; support = its gold entities. */
    public record TypeScore(String type, Counts counts) {
        public long support() {
            return counts.gold();
        }
    }

    public static NerMetrics of(List<NerPrediction> sentences) {
        long exactRight = 0;
        long typeRight = 0;
        long predicted = 0;
        long gold = 0;
        Map<String, long[]> perType = new TreeMap<>(); // type → right, predicted, gold
        for (NerPrediction s : sentences) {
            predicted += s.predicted().size();
            gold += s.gold().size();
            s.predicted().forEach(e -> perType.computeIfAbsent(e.type(), k -> new long[3])[1]++);
            s.gold().forEach(e -> perType.computeIfAbsent(e.type(), k -> new long[3])[2]++);
            for (Entity e : match(s, false)) {
                exactRight++;
                perType.get(e.type())[0]++;
            }
            typeRight += match(s, true).size();
        }
        List<TypeScore> types = new ArrayList<>();
        perType.forEach((t, c) -> types.add(new TypeScore(t, new Counts(c[0], c[1], c[2]))));
        return new NerMetrics(new Counts(exactRight, predicted, gold), new Counts(typeRight, predicted, gold),
                List.copyOf(types));
    }

    /** The predicted entities that are right; one gold entity answers at most one prediction. */
    private static List<Entity> match(NerPrediction s, boolean overlapIsEnough) {
        boolean[] goldUsed = new boolean[s.gold().size()];
        boolean[] predUsed = new boolean[s.predicted().size()];
        List<Entity> right = new ArrayList<>();
        for (int pass = 0; pass < (overlapIsEnough ? 2 : 1); pass++) {
            for (int p = 0; p < s.predicted().size(); p++) {
                if (predUsed[p]) {
                    continue;
                }
                Entity e = s.predicted().get(p);
                for (int g = 0; g < s.gold().size(); g++) {
                    Entity truth = s.gold().get(g);
                    boolean place = pass == 0 ? truth.sameBoundaries(e) : truth.overlaps(e);
                    if (!goldUsed[g] && truth.type().equals(e.type()) && place) {
                        goldUsed[g] = true;
                        predUsed[p] = true;
                        right.add(e);
                        break;
                    }
                }
            }
        }
        return right;
    }

    /** The entity types seen in gold or predictions, sorted (seqeval's report order). */
    public List<String> types() {
        return perType.stream().map(TypeScore::type).toList();
    }

    /** Unweighted mean over types of the exact per-type score ("macro avg"). */
    public double macro(java.util.function.ToDoubleFunction<Counts> score) {
        return perType.isEmpty() ? 0.0 : perType.stream().mapToDouble(t -> score.applyAsDouble(t.counts())).average()
                .orElse(0.0);
    }

    /** Mean over types weighted by gold support ("weighted avg"); 0 when there is no gold entity. */
    public double weighted(java.util.function.ToDoubleFunction<Counts> score) {
        long support = perType.stream().mapToLong(TypeScore::support).sum();
        return support == 0 ? 0.0 : perType.stream()
                .mapToDouble(t -> score.applyAsDouble(t.counts()) * t.support()).sum() / support;
    }

    /** The scores by name, as results files and events carry them. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("entity_precision", exact.precision());
        m.put("entity_recall", exact.recall());
        m.put("entity_f1", exact.f1());
        m.put("entity_type_precision", typeMatch.precision());
        m.put("entity_type_recall", typeMatch.recall());
        m.put("entity_type_f1", typeMatch.f1());
        m.put("entity_macro_f1", macro(Counts::f1));
        m.put("entity_weighted_f1", weighted(Counts::f1));
        return m;
    }
}
