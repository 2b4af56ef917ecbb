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
 * <p>Sentence accuracy is the share of sentences whose predicted entity set is exactly the gold set (every gold
 * entity found with its type and boundaries, nothing else predicted): the NER counterpart of a classifier's accuracy.
 *
 * @param sentences      the sentences scored
 * @param sentencesRight those whose entity set is exactly right
 */
public record NerMetrics(Counts exact, Counts typeMatch, List<TypeScore> perType, long sentences,
                         long sentencesRight) {

    /** The metric names {@link #metric(String)} and {@link #asMap()} know; "type_match" ones use the type scheme. */
    public static final List<String> METRIC_NAMES = List.of("entity_f1", "entity_precision", "entity_recall",
            "entity_f1_type_match", "entity_precision_type_match", "entity_recall_type_match", "macro_f1",
            "macro_precision", "macro_recall", "weighted_f1", "weighted_precision", "weighted_recall",
            "sentence_accuracy");

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
        long sentencesRight = 0;
        Map<String, long[]> perType = new TreeMap<>(); // type → right, predicted, gold
        for (NerPrediction s : sentences) {
            predicted += s.predicted().size();
            gold += s.gold().size();
            s.predicted().forEach(e -> perType.computeIfAbsent(e.type(), k -> new long[3])[1]++);
            s.gold().forEach(e -> perType.computeIfAbsent(e.type(), k -> new long[3])[2]++);
            List<Entity> right = match(s, false);
            for (Entity e : right) {
                exactRight++;
                perType.get(e.type())[0]++;
            }
            if (right.size() == s.gold().size() && right.size() == s.predicted().size()) {
                sentencesRight++;
            }
            typeRight += match(s, true).size();
        }
        List<TypeScore> types = new ArrayList<>();
        perType.forEach((t, c) -> types.add(new TypeScore(t, new Counts(c[0], c[1], c[2]))));
        return new NerMetrics(new Counts(exactRight, predicted, gold), new Counts(typeRight, predicted, gold),
                List.copyOf(types), sentences.size(), sentencesRight);
    }

    /** The predicted entities that are right; one gold entity answers at most one prediction. */
    static List<Entity> match(NerPrediction s, boolean overlapIsEnough) {
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

    /** Sentences whose entity set is exactly right / all sentences; 0 when there is none. */
    public double sentenceAccuracy() {
        return sentences == 0 ? 0.0 : (double) sentencesRight / sentences;
    }

    /** A metric by name (see {@link #METRIC_NAMES}; {@link #canonicalName} accepts the usual spellings). */
    public double metric(String name) {
        return switch (canonicalName(name)) {
            case "entity_f1" -> exact.f1();
            case "entity_precision" -> exact.precision();
            case "entity_recall" -> exact.recall();
            case "entity_f1_type_match" -> typeMatch.f1();
            case "entity_precision_type_match" -> typeMatch.precision();
            case "entity_recall_type_match" -> typeMatch.recall();
            case "macro_f1" -> macro(Counts::f1);
            case "macro_precision" -> macro(Counts::precision);
            case "macro_recall" -> macro(Counts::recall);
            case "weighted_f1" -> weighted(Counts::f1);
            case "weighted_precision" -> weighted(Counts::precision);
            case "weighted_recall" -> weighted(Counts::recall);
            case "sentence_accuracy" -> sentenceAccuracy();
            default -> throw new IllegalStateException(name);
        };
    }

    /**
     * The name as {@link #METRIC_NAMES} spells it, for an extraction task: case, hyphens and spaces do not matter;
     * a bare {@code f1}, {@code precision} or {@code recall} means the entity-level (micro, exact) score as seqeval's
     * {@code f1_score} reports it, {@code accuracy} the sentence accuracy, and the classification names of the macro
     * and weighted averages are understood.
     *
     * @throws IllegalArgumentException for a metric an extraction evaluation does not compute, naming those it does
     */
    public static String canonicalName(String name) {
        String key = name == null ? "" : name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase()
                .replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        String canonical = switch (key) {
            case "entity_f1", "f1", "micro_f1", "f1_micro", "entity_f1_exact", "exact_f1" -> "entity_f1";
            case "entity_precision", "precision", "micro_precision", "exact_precision" -> "entity_precision";
            case "entity_recall", "recall", "micro_recall", "exact_recall" -> "entity_recall";
            case "entity_f1_type_match", "entity_type_f1", "type_f1" -> "entity_f1_type_match";
            case "entity_precision_type_match", "entity_type_precision", "type_precision" ->
                    "entity_precision_type_match";
            case "entity_recall_type_match", "entity_type_recall", "type_recall" -> "entity_recall_type_match";
            case "macro_f1", "f1_macro", "entity_macro_f1", "macro_f1_score" -> "macro_f1";
            case "macro_precision", "precision_macro" -> "macro_precision";
            case "macro_recall", "recall_macro" -> "macro_recall";
            case "weighted_f1", "f1_weighted", "entity_weighted_f1" -> "weighted_f1";
            case "weighted_precision", "precision_weighted" -> "weighted_precision";
            case "weighted_recall", "recall_weighted" -> "weighted_recall";
            case "sentence_accuracy", "accuracy", "acc" -> "sentence_accuracy";
            default -> null;
        };
        if (canonical == null) {
            throw new IllegalArgumentException("Metric '" + name + "' is not one the extraction (NER) evaluation "
                    + "computes: use one of " + String.join(", ", METRIC_NAMES));
        }
        return canonical;
    }

    /** Whether {@code name} is a metric of an extraction evaluation. */
    public static boolean knows(String name) {
        try {
            canonicalName(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Every metric by its name, in {@link #METRIC_NAMES} order, as results files and events carry them. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        METRIC_NAMES.forEach(n -> m.put(n, metric(n)));
        return m;
    }
}
