package io.ftcoach.dispatcher.domain.project;

import io.ftcoach.dispatcher.domain.FailureCategory;
import io.ftcoach.dispatcher.domain.JobArtifact;
import io.ftcoach.dispatcher.domain.JobFailure;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.evaluation.EvaluationFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project task-service generates in a task folder (workflow-spec §5.3, §5.4), as the script-running backends
 * (local, ssh, kubernetes, skypilot) see it: {@code scripts/04_train.py --version <v>} trains into
 * {@code models/adapter/<v>} (checkpoints {@code checkpoint-<step>} inside, resumed with
 * {@code --resume_from_checkpoint <dir>}), {@code scripts/05_evaluate.py --version <v>} writes the predictions
 * {@code benchmarks/predictions/<v>_test.jsonl} (and {@code _valid.jsonl}).
 */
public final class GeneratedProject {

    public static final String TRAIN_SCRIPT = "scripts/04_train.py";
    public static final String EVALUATE_SCRIPT = "scripts/05_evaluate.py";
    /** What a remote run needs from the task folder; models/ and benchmarks/ come back. */
    public static final List<String> UPLOADED = List.of("task.yaml", "scripts", "configs", "data", "requirements.txt");
    private static final Pattern SAFE_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern CHECKPOINT = Pattern.compile("checkpoint-(\\d+)");
    private static final Pattern MISSING_MODULE = Pattern.compile("No module named '([^']+)'");

    private final Path taskDir;
    private final String version;

    private GeneratedProject(Path taskDir, String version) {
        this.taskDir = taskDir;
        this.version = version;
    }

    /**
     * @throws IllegalArgumentException when the version cannot name a folder or a script is missing, saying what to do
     */
    public static GeneratedProject in(Path taskDir, String version) {
        if (version == null || !SAFE_VERSION.matcher(version).matches() || version.contains("..")) {
            throw new IllegalArgumentException("Version '" + version + "' cannot name a model folder: use letters, "
                    + "digits, '.', '-' and '_' only, e.g. v2");
        }
        for (String script : List.of(TRAIN_SCRIPT, EVALUATE_SCRIPT)) {
            if (!Files.isRegularFile(taskDir.resolve(script))) {
                throw new IllegalArgumentException(script + " is missing from the task folder " + taskDir
                        + "; generate the task's project (task-service, /nlp-skills:generate) and request the training again");
            }
        }
        return new GeneratedProject(taskDir, version);
    }

    public Path taskDir() {
        return taskDir;
    }

    public String version() {
        return version;
    }

    /** Relative to the task folder. */
    public String adapterDir() {
        return "models/adapter/" + version;
    }

    /** The training script's arguments (after the interpreter), resuming from {@code checkpoint} when given. */
    public List<String> trainArguments(String checkpoint) {
        List<String> args = new ArrayList<>(List.of("-u", TRAIN_SCRIPT, "--version", version));
        if (checkpoint != null) {
            args.add("--resume_from_checkpoint");
            args.add(checkpoint);
        }
        return args;
    }

    public List<String> evaluateArguments() {
        return List.of("-u", EVALUATE_SCRIPT, "--version", version);
    }

    /** The newest {@code checkpoint-<step>} in the adapter folder, relative to the task folder. */
    public Optional<String> latestCheckpoint() {
        Path dir = taskDir.resolve(adapterDir());
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches())
                    .max(Comparator.comparingLong(GeneratedProject::step))
                    .map(p -> adapterDir() + "/" + p.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    /** The newest checkpoint among folder names (a remote listing), relative to the task folder. */
    public Optional<String> latestCheckpoint(List<String> names) {
        return names.stream().filter(n -> CHECKPOINT.matcher(n).matches())
                .max(Comparator.comparingLong(n -> Long.parseLong(n.substring("checkpoint-".length()))))
                .map(n -> adapterDir() + "/" + n);
    }

    private static long step(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring("checkpoint-".length()));
    }

    /**
     * After both scripts ended well: the adapter and predictions as artefacts, with the trainer's last progress and
     * metrics lines as metrics. Fails (DATA) when the evaluation wrote no test predictions.
     */
    public TrainingOutcome outcome(String backend, Map<String, Double> metrics) {
        String test = EvaluationFiles.predictionsPath(version, "test");
        String valid = EvaluationFiles.predictionsPath(version, "valid");
        if (!Files.isRegularFile(taskDir.resolve(test))) {
            return new TrainingOutcome.Failed(new JobFailure(FailureCategory.DATA, EVALUATE_SCRIPT + " ended without "
                    + "writing " + test + " (backend '" + backend + "'); it must write one JSON object a line with input, "
                    + "gold, predicted and raw_output. Regenerate the project's scripts and request the training again",
                    "", false));
        }
        List<JobArtifact> artifacts = new ArrayList<>();
        if (Files.isDirectory(taskDir.resolve(adapterDir()))) {
            artifacts.add(new JobArtifact("adapter", adapterDir(), null));
        }
        artifacts.add(new JobArtifact("predictions", test, sha256(taskDir.resolve(test))));
        if (Files.isRegularFile(taskDir.resolve(valid))) {
            artifacts.add(new JobArtifact("predictions", valid, sha256(taskDir.resolve(valid))));
        }
        return new TrainingOutcome.Succeeded(artifacts, new LinkedHashMap<>(metrics));
    }

    /**
     * Why a script that exited with {@code exitCode} failed, in words a person can act on, read from its last lines.
     *
     * @param where e.g. "locally" or "on gpu-1"
     */
    public static JobFailure scriptFailed(String script, int exitCode, String where, String tail) {
        return diagnose(script + " exited with code " + exitCode + " " + where, exitCode, tail);
    }

    /**
     * Why a run failed, read from its last lines.
     *
     * @param head     what failed, where
     * @param exitCode the exit code, or 1 when it is not known
     */
    public static JobFailure diagnose(String head, int exitCode, String tail) {
        Matcher module = MISSING_MODULE.matcher(tail);
        if (tail.contains("CUDA out of memory") || tail.contains("OutOfMemoryError")) {
            return new JobFailure(FailureCategory.OUT_OF_MEMORY, head + ": the GPU ran out of memory. Lower "
                    + "per_device_train_batch_size or max_seq_length in configs/training_config.yaml, or use QLoRA, "
                    + "and request the training again", tail, false);
        }
        if (exitCode == 137 || exitCode == -9) {
            return new JobFailure(FailureCategory.OUT_OF_MEMORY, head + ": the process was killed (SIGKILL), most "
                    + "often by the kernel's out-of-memory killer. Lower the batch size or max_seq_length, or use a "
                    + "machine with more memory", tail, false);
        }
        if (module.find()) {
            return new JobFailure(FailureCategory.CONFIGURATION, head + ": Python module '" + module.group(1)
                    + "' is not installed. Install the project's requirements (pip install -r requirements.txt) in "
                    + "the interpreter the backend runs, and request the training again", tail, false);
        }
        if (tail.contains("FileNotFoundError")) {
            return new JobFailure(FailureCategory.DATA, head + ": a file it needs is missing (see the log tail). "
                    + "Regenerate the data splits or the project and request the training again", tail, false);
        }
        return new JobFailure(FailureCategory.UNKNOWN, head + ". The log tail shows the error; fix the script, its "
                + "config or data, and request the training again", tail, false);
    }

    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
