package io.ftcoach.dispatcher.domain.baseline;

import io.ftcoach.dispatcher.domain.FailureCategory;
import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobArtifact;
import io.ftcoach.dispatcher.domain.JobFailure;
import io.ftcoach.dispatcher.domain.JobRequest;
import io.ftcoach.dispatcher.domain.ProgressUpdate;
import io.ftcoach.dispatcher.domain.TrainingBackend;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.evaluation.ClassificationMetrics;
import io.ftcoach.dispatcher.domain.evaluation.EvaluationFiles;
import io.ftcoach.dispatcher.domain.evaluation.Prediction;
import io.ftcoach.support.workspace.AtomicFiles;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * {@code baseline}: an in-process CPU text classifier ({@link BaselineClassifier}, Tribuo) trained on the task's
 * train split, predicting the valid and test splits. It gives every text-classification task a real baseline number
 * in seconds (ARCHITECTURE.md §5).
 *
 * <p>Reads {@code data/snapshots/<dataSnapshotId>/{train,valid,test}.jsonl} when the request's snapshot is there,
 * otherwise {@code data/{train,valid,test}.jsonl}; the valid split is optional. Writes, each file atomically and only
 * once everything has succeeded: {@code models/baseline/<v>/model.tribuo} (Tribuo's protobuf format),
 * {@code models/baseline/<v>/model_info.json}, and the predictions in the format every backend writes,
 * {@code benchmarks/predictions/<v>_test.jsonl} and {@code _valid.jsonl}. Progress: one update per epoch (loss,
 * percent, ETA). The request's time limit and an interrupt (the dispatcher stopping) are checked after every epoch.
 */
public final class BaselineBackend implements TrainingBackend {

    public static final String NAME = "baseline";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Reads the time; a test can make it run fast. */
    private final LongSupplier nanoTime;

    public BaselineBackend() {
        this(System::nanoTime);
    }

    BaselineBackend(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String location() {
        return "in-process CPU (Tribuo logistic regression)";
    }

    @Override
    public List<String> ignoredSettings(JobRequest request) {
        return BaselineOptions.ignored(request.settings());
    }

    @Override
    public TrainingOutcome run(Job job, Path taskDir, Consumer<ProgressUpdate> progress) throws InterruptedException {
        long started = nanoTime.getAsLong();
        JobRequest request = job.request();
        String version = request.version();
        if (!SAFE_NAME.matcher(version).matches() || version.contains("..")) {
            return failed(FailureCategory.CONFIGURATION, "Version '" + version + "' cannot name a model folder: use "
                    + "letters, digits, '.', '-' and '_' only, e.g. v2");
        }
        BaselineOptions options;
        try {
            options = BaselineOptions.from(request.settings());
        } catch (IllegalArgumentException e) {
            return failed(FailureCategory.CONFIGURATION, e.getMessage() + "; fix it in the training request's config");
        }
        Path data = splitsDir(taskDir, request.dataSnapshotId());
        Path trainFile = data.resolve("train.jsonl");
        Path validFile = data.resolve("valid.jsonl");
        Path testFile = data.resolve("test.jsonl");
        for (Path required : List.of(trainFile, testFile)) {
            if (!Files.isRegularFile(required)) {
                return failed(FailureCategory.DATA, "The split " + taskDir.relativize(required) + " is missing from "
                        + "the task folder " + taskDir + "; import or regenerate the task's data (data-ingest-service) "
                        + "and request the training again");
            }
        }
        List<LabeledText> train, valid, test;
        try {
            train = LabeledText.read(trainFile);
            valid = Files.isRegularFile(validFile) ? LabeledText.read(validFile) : List.of();
            test = LabeledText.read(testFile);
        } catch (IllegalArgumentException e) {
            return failed(FailureCategory.DATA, e.getMessage() + "; fix the data and request the training again");
        }
        if (test.isEmpty()) {
            return failed(FailureCategory.DATA, "The test split " + taskDir.relativize(testFile) + " is empty; "
                    + "nothing could be evaluated");
        }
        checkInterrupted();

        int epochs = options.epochs();
        long iterationsPerEpoch = (train.size() + options.minibatch() - 1) / options.minibatch();
        BaselineClassifier classifier;
        double[] lastLoss = {Double.NaN};
        Long limit = request.timeLimitSeconds();
        try {
            classifier = BaselineClassifier.train(train, options, (epoch, loss) -> {
                lastLoss[0] = loss;
                double elapsed = (nanoTime.getAsLong() - started) / 1e9;
                long eta = Math.round(elapsed / epoch * (epochs - epoch));
                progress.accept(new ProgressUpdate(epoch * iterationsPerEpoch, epochs * iterationsPerEpoch,
                        epoch, Double.isFinite(loss) ? loss : null, null, options.learningRate(),
                        Math.min(100.0, 100.0 * epoch / epochs), eta));
                // Tribuo's loop cannot be told to stop; an exception from this callback (on its thread) ends it
                if (Thread.currentThread().isInterrupted()) {
                    throw new Stop(null);
                }
                if (limit != null && elapsed > limit && epoch < epochs) {
                    throw new Stop("The baseline training passed its time limit of " + limit + " s after epoch "
                            + epoch + " of " + epochs + " (" + Math.round(elapsed) + " s); raise the request's "
                            + "timeLimitSeconds or lower baseline.epochs");
                }
            });
        } catch (Stop stop) {
            if (stop.getMessage() == null) {
                throw new InterruptedException("baseline training stopped");
            }
            return new TrainingOutcome.Failed(new JobFailure(FailureCategory.TIMEOUT, stop.getMessage(), "", false));
        } catch (IllegalArgumentException e) {
            return failed(FailureCategory.DATA, e.getMessage() + "; add rows of the missing labels to the data");
        }
        checkInterrupted();

        List<Prediction> testPredictions = predict(classifier, test);
        List<Prediction> validPredictions = valid.isEmpty() ? List.of() : predict(classifier, valid);
        checkInterrupted();

        String modelDir = "models/baseline/" + version;
        String modelFile = modelDir + "/model.tribuo";
        String testPath = EvaluationFiles.predictionsPath(version, "test");
        String validPath = EvaluationFiles.predictionsPath(version, "valid");
        try {
            saveModel(classifier, taskDir.resolve(modelFile));
        } catch (IOException e) {
            return failed(FailureCategory.INFRASTRUCTURE, "Cannot write the model " + taskDir.resolve(modelFile)
                    + ": " + e.getMessage() + "; check the workspace's free space and permissions");
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("backend", NAME);
        info.put("version", version);
        info.put("model", "multinomial logistic regression (Tribuo LinearSGDTrainer, LogMulticlass, AdaGrad)");
        info.put("features", "character n-grams " + options.ngramMin() + "-" + options.ngramMax()
                + " seen in at least " + options.minDocumentFrequency() + " training rows, 1 + log(count), L2-normalised");
        info.put("feature_count", classifier.model().getFeatureIDMap().size());
        info.put("labels", classifier.labels());
        info.put("options", options);
        info.put("ignored_settings", BaselineOptions.ignored(request.settings()));
        info.put("data", Map.of("dir", taskDir.relativize(data).toString(), "train", train.size(),
                "valid", valid.size(), "test", test.size()));
        info.put("data_snapshot_id", request.dataSnapshotId());
        AtomicFiles.write(taskDir.resolve(modelDir + "/model_info.json"), JSON.writeValueAsBytes(info));
        if (!validPredictions.isEmpty()) {
            EvaluationFiles.writePredictions(taskDir.resolve(validPath), validPredictions);
        }
        EvaluationFiles.writePredictions(taskDir.resolve(testPath), testPredictions);

        List<JobArtifact> artifacts = new ArrayList<>();
        artifacts.add(new JobArtifact("model", modelFile, sha256(taskDir.resolve(modelFile))));
        artifacts.add(new JobArtifact("predictions", testPath, sha256(taskDir.resolve(testPath))));
        if (!validPredictions.isEmpty()) {
            artifacts.add(new JobArtifact("predictions", validPath, sha256(taskDir.resolve(validPath))));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (Double.isFinite(lastLoss[0])) {
            metrics.put("train_loss", lastLoss[0]);
        }
        if (!validPredictions.isEmpty()) {
            ClassificationMetrics v = ClassificationMetrics.of(classifier.labels(), validPredictions);
            metrics.put("eval_accuracy", v.accuracy());
            metrics.put("eval_macro_f1", v.macroF1());
        }
        metrics.put("epochs", (double) epochs);
        metrics.put("train_samples", (double) train.size());
        metrics.put("train_runtime", (nanoTime.getAsLong() - started) / 1e9);
        return new TrainingOutcome.Succeeded(artifacts, metrics);
    }

    /** The request's snapshot folder when it holds the splits, otherwise the task's current {@code data/}. */
    static Path splitsDir(Path taskDir, String snapshotId) {
        Path snapshots = taskDir.resolve("data/snapshots");
        if (snapshotId != null && SAFE_NAME.matcher(snapshotId).matches() && !snapshotId.contains("..")) {
            Path snapshot = snapshots.resolve(snapshotId);
            if (Files.isRegularFile(snapshot.resolve("train.jsonl"))) {
                return snapshot;
            }
        }
        return taskDir.resolve("data");
    }

    private static List<Prediction> predict(BaselineClassifier classifier, List<LabeledText> rows) {
        List<String> predicted = classifier.predict(rows.stream().map(LabeledText::text).toList());
        List<Prediction> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(new Prediction(rows.get(i).text(), rows.get(i).label(), predicted.get(i), predicted.get(i)));
        }
        return out;
    }

    /** Tribuo writes the file itself; it goes to a temporary name first so no half model is ever seen. */
    private static void saveModel(BaselineClassifier classifier, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            classifier.save(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void checkInterrupted() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("baseline training stopped");
        }
    }

    private static TrainingOutcome failed(FailureCategory category, String reason) {
        return new TrainingOutcome.Failed(new JobFailure(category, reason, "", false));
    }

    /** Ends Tribuo's training loop from the epoch callback: a time limit (its message) or an interrupt (none). */
    private static final class Stop extends RuntimeException {
        Stop(String message) {
            super(message, null, false, false);
        }
    }
}
