package io.ftcoach.dispatcher.domain.baseline;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline text classifier: character n-gram features ({@link CharNgrams}) and a multinomial logistic
 * regression (Tribuo's {@link LinearSGDTrainer} with log loss, AdaGrad), optionally with balanced class weights.
 * Deterministic for a given seed and training data.
 */
public final class BaselineClassifier {

    /** Tribuo's SGD trainer reports {@code "At iteration N, average loss = X"} through this logger. */
    private static final String TRIBUO_SGD_LOGGER = "org.tribuo.common.sgd.AbstractSGDTrainer";
    private static final Pattern ITERATION_LINE = Pattern.compile("At iteration (\\d+), average loss = ([-+0-9.eE]+|NaN)");

    private final Model<Label> model;
    private final CharNgrams features;
    private final List<String> labels;

    private BaselineClassifier(Model<Label> model, CharNgrams features, List<String> labels) {
        this.model = model;
        this.features = features;
        this.labels = labels;
    }

    /**
     * Trains on the rows.
     *
     * @param epochDone called after each epoch with its number (1-based) and the epoch's mean training loss (negative
     *                  log-likelihood, as Tribuo reports it);
     *                  on the training thread
     * @throws IllegalArgumentException when the rows cannot train a classifier (none, or one class only)
     */
    public static BaselineClassifier train(List<LabeledText> rows, BaselineOptions options,
                                           BiConsumer<Integer, Double> epochDone) {
        TreeSet<String> classes = new TreeSet<>();
        rows.forEach(r -> classes.add(r.label()));
        if (rows.isEmpty() || classes.size() < 2) {
            throw new IllegalArgumentException("The training split has " + rows.size() + " rows and "
                    + classes.size() + " label(s); a classifier needs at least two labels");
        }
        CharNgrams features = new CharNgrams(options.ngramMin(), options.ngramMax());
        Map<String, Double> weights = options.balancedClassWeights() ? balanced(rows, classes.size()) : Map.of();
        List<Map<String, Double>> vectors = rows.stream().map(r -> features.features(r.text())).toList();
        Map<String, Integer> documentFrequency = new HashMap<>();
        vectors.forEach(v -> v.keySet().forEach(f -> documentFrequency.merge(f, 1, Integer::sum)));
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("training split", factory), factory);
        for (int i = 0; i < rows.size(); i++) {
            LabeledText row = rows.get(i);
            Map<String, Double> kept = new TreeMap<>();
            vectors.get(i).forEach((f, v) -> {
                if (documentFrequency.get(f) >= options.minDocumentFrequency()) {
                    kept.put(f, v);
                }
            });
            if (kept.isEmpty()) {
                continue; // nothing it shares with other rows: it cannot teach the model anything
            }
            Example<Label> example = example(kept, new Label(row.label()));
            if (!weights.isEmpty()) {
                example.setWeight(weights.get(row.label()).floatValue());
            }
            data.add(example);
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("No character n-gram occurs in at least " + options.minDocumentFrequency()
                    + " of the " + rows.size() + " training rows; add data or set baseline.min_df to 1");
        }
        int iterationsPerEpoch = (data.size() + options.minibatch() - 1) / options.minibatch();
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(options.learningRate(), 0.1),
                options.epochs(), iterationsPerEpoch, options.minibatch(), options.seed());
        Model<Label> model = withEpochReports(iterationsPerEpoch, epochDone, () -> trainer.train(data));
        return new BaselineClassifier(model, features, List.copyOf(classes));
    }

    /** The predicted label of each text, in order. */
    public List<String> predict(List<String> texts) {
        List<Example<Label>> examples = new ArrayList<>(texts.size());
        for (String t : texts) {
            // n-grams the model never saw are ignored by Tribuo at prediction
            examples.add(example(features.features(t), LabelFactory.UNKNOWN_LABEL));
        }
        return model.predict(examples).stream().map(p -> p.getOutput().getLabel()).toList();
    }

    /** The labels it was trained on, sorted. */
    public List<String> labels() {
        return labels;
    }

    /** Writes the model in Tribuo's own (protobuf) format; {@link Model#deserializeFromFile} reads it back. */
    public void save(Path file) throws IOException {
        model.serializeToFile(file);
    }

    public Model<Label> model() {
        return model;
    }

    private static Example<Label> example(Map<String, Double> features, Label label) {
        // sorted names: the same text always yields the same example, whatever the hash order
        Map<String, Double> f = new TreeMap<>(features);
        String[] names = f.keySet().toArray(String[]::new);
        double[] values = f.values().stream().mapToDouble(Double::doubleValue).toArray();
        return new ArrayExample<>(label, names, values);
    }

    /** n / (k · n_class), as scikit-learn's class_weight="balanced". */
    private static Map<String, Double> balanced(List<LabeledText> rows, int k) {
        Map<String, Integer> counts = new TreeMap<>();
        rows.forEach(r -> counts.merge(r.label(), 1, Integer::sum));
        Map<String, Double> w = new TreeMap<>();
        counts.forEach((label, n) -> w.put(label, rows.size() / ((double) k * n)));
        return Collections.unmodifiableMap(w);
    }

    /**
     * Runs the training while listening to Tribuo's per-epoch loss line (the trainer logs once per
     * {@code iterationsPerEpoch} iterations); only lines from this thread count, so concurrent jobs do not mix.
     */
    private static Model<Label> withEpochReports(int iterationsPerEpoch, BiConsumer<Integer, Double> epochDone,
                                                 java.util.function.Supplier<Model<Label>> training) {
        Logger logger = Logger.getLogger(TRIBUO_SGD_LOGGER);
        long thread = Thread.currentThread().getId();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLongThreadID() != thread || r.getMessage() == null) {
                    return;
                }
                Matcher m = ITERATION_LINE.matcher(r.getMessage());
                if (m.find()) {
                    long iteration = Long.parseLong(m.group(1));
                    // Tribuo sums the objective's value, the log-likelihood; the loss is its negation
                    double loss = -Double.parseDouble(m.group(2));
                    epochDone.accept((int) Math.max(1, iteration / iterationsPerEpoch), loss);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.INFO);
        synchronized (BaselineClassifier.class) {
            // the loss line is INFO; a logging set-up that silenced Tribuo would silence the progress too
            if (!logger.isLoggable(Level.INFO)) {
                logger.setLevel(Level.INFO);
            }
            logger.addHandler(handler);
        }
        try {
            return training.get();
        } finally {
            logger.removeHandler(handler);
        }
    }
}
