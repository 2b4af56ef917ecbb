package io.ftcoach.dispatcher.domain.baseline;

import io.ftcoach.dispatcher.domain.TrainingSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the baseline classifier trains. From a training request: its epochs, whatever the method (epochs are epochs:
 * a diagnosis that asks for fewer or more of them is honoured); its learning rate only when the method is
 * {@code baseline}, because an LLM's (1e-5) would leave AdaGrad on a linear model all but untrained; any request may
 * set {@code baseline.*} keys in the config's {@code extra} map, which win. Everything else takes the defaults
 * below, so an LLM request (method lora) sent to the baseline backend still trains a sensible classifier; the
 * settings it cannot honour are listed by {@link #ignored}, and the job log and {@code model_info.json} say so.
 *
 * <ul>
 *     <li>{@code baseline.ngram_min} / {@code baseline.ngram_max}: character n-gram lengths (default 1–2, good for
 *     Chinese; 1–3 suits alphabetic text better);</li>
 *     <li>{@code baseline.min_df}: an n-gram becomes a feature only when at least this many training rows have it
 *     (default 2: fewer, better-supported features, a smaller model that trains and saves faster);</li>
 *     <li>{@code baseline.epochs} (default 5), {@code baseline.learning_rate} (AdaGrad's, default 0.5),
 *     {@code baseline.minibatch} (default 1);</li>
 *     <li>{@code baseline.class_weights}: {@code balanced} (each class weighted by n / (k · n_class), as
 *     scikit-learn's "balanced") or {@code none} (default);</li>
 *     <li>{@code baseline.seed} (default 42): the run is deterministic for a given seed and data.</li>
 * </ul>
 */
public record BaselineOptions(int ngramMin, int ngramMax, int minDocumentFrequency, int epochs, double learningRate, int minibatch,
                              boolean balancedClassWeights, long seed) {

    public static final BaselineOptions DEFAULTS = new BaselineOptions(1, 2, 2, 5, 0.5, 1, false, 42);

    public BaselineOptions {
        if (ngramMin < 1 || ngramMax < ngramMin || ngramMax > 5) {
            throw new IllegalArgumentException("Character n-grams need 1 <= ngram_min <= ngram_max <= 5, were "
                    + ngramMin + ".." + ngramMax);
        }
        if (minDocumentFrequency < 1) {
            throw new IllegalArgumentException("baseline.min_df must be at least 1, was " + minDocumentFrequency);
        }
        if (epochs < 1 || epochs > 1000) {
            throw new IllegalArgumentException("The baseline trains 1..1000 epochs, was " + epochs);
        }
        if (!(learningRate > 0 && learningRate <= 100)) {
            throw new IllegalArgumentException("The baseline's learning rate must be within (0, 100], was " + learningRate);
        }
        if (minibatch < 1) {
            throw new IllegalArgumentException("The baseline's minibatch must be at least 1, was " + minibatch);
        }
    }

    /** @throws IllegalArgumentException naming the setting that is wrong */
    public static BaselineOptions from(TrainingSettings s) {
        BaselineOptions d = DEFAULTS;
        boolean own = isOwn(s);
        int epochs = s.epochs() > 0 ? s.epochs() : d.epochs();
        double lr = own && s.learningRate() > 0 ? s.learningRate() : d.learningRate();
        Map<String, String> x = s.extra();
        String weights = x.getOrDefault("baseline.class_weights", "none").trim().toLowerCase(Locale.ROOT);
        if (!weights.equals("none") && !weights.equals("balanced")) {
            throw new IllegalArgumentException("baseline.class_weights must be 'balanced' or 'none', was '" + weights + "'");
        }
        return new BaselineOptions(integer(x, "baseline.ngram_min", d.ngramMin()),
                integer(x, "baseline.ngram_max", d.ngramMax()), integer(x, "baseline.min_df", d.minDocumentFrequency()),
                integer(x, "baseline.epochs", epochs),
                number(x, "baseline.learning_rate", lr), integer(x, "baseline.minibatch", d.minibatch()),
                weights.equals("balanced"), (long) number(x, "baseline.seed", d.seed()));
    }

    /**
     * The request's settings the baseline does not honour, each as {@code name=value (why)}, in the order of the
     * training config; empty for a request of method {@code baseline}. Not an error: an LLM request may be sent to
     * the baseline for a quick first number, but whoever reads the result must not think a LoRA rank changed it.
     */
    public static List<String> ignored(TrainingSettings s) {
        List<String> out = new ArrayList<>();
        if (s.baseModel() != null && !s.baseModel().isBlank() && !s.baseModel().equalsIgnoreCase("none")) {
            out.add("base_model=" + s.baseModel() + " (the baseline trains its own classifier from scratch)");
        }
        if (isOwn(s)) {
            return out;
        }
        if (s.loraRank() != null) {
            out.add("lora_r=" + s.loraRank() + " (the baseline has no LoRA adapter)");
        }
        if (s.loraAlpha() != null) {
            out.add("lora_alpha=" + s.loraAlpha() + " (the baseline has no LoRA adapter)");
        }
        if (s.loraDropout() != null) {
            out.add("lora_dropout=" + s.loraDropout() + " (the baseline has no LoRA adapter)");
        }
        Map<String, String> x = s.extra();
        if (s.learningRate() > 0 && !x.containsKey("baseline.learning_rate")) {
            out.add("learning_rate=" + s.learningRate() + " (an LLM's; the baseline's AdaGrad uses "
                    + "baseline.learning_rate, default " + DEFAULTS.learningRate() + ")");
        }
        if (s.batchSize() != null && !x.containsKey("baseline.minibatch")) {
            out.add("batch_size=" + s.batchSize() + " (it goes with the LLM's learning rate; the baseline uses "
                    + "baseline.minibatch, default " + DEFAULTS.minibatch() + ")");
        }
        return out;
    }

    private static boolean isOwn(TrainingSettings s) {
        return "baseline".equalsIgnoreCase(s.method());
    }

    private static int integer(Map<String, String> x, String key, int fallback) {
        return (int) number(x, key, fallback);
    }

    private static double number(Map<String, String> x, String key, double fallback) {
        String v = x.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + v + "'");
        }
    }
}
