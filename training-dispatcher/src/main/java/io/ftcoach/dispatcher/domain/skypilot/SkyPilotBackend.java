package io.ftcoach.dispatcher.domain.skypilot;

import io.ftcoach.dispatcher.domain.FailureCategory;
import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobFailure;
import io.ftcoach.dispatcher.domain.JobLog;
import io.ftcoach.dispatcher.domain.ProgressUpdate;
import io.ftcoach.dispatcher.domain.TrainingBackend;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.evaluation.EvaluationFiles;
import io.ftcoach.dispatcher.domain.project.GeneratedProject;
import io.ftcoach.dispatcher.domain.project.LogTail;
import io.ftcoach.dispatcher.domain.project.ProgressLines;
import io.ftcoach.dispatcher.domain.project.ProgressThrottle;
import io.ftcoach.support.workspace.AtomicFiles;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code skypilot}: runs the generated project on a cloud GPU through the SkyPilot CLI, which reaches AWS, GCP,
 * RunPod, Lambda and others (ARCHITECTURE.md §5). It writes a SkyPilot task file
 * ({@code .ftcoach/skypilot/<job>.yaml}: resources with accelerators and cloud, the task folder as workdir, setup,
 * run), then drives {@code sky}: {@code launch -c <cluster> -y --detach-run}, {@code queue} to poll the job's
 * status, {@code logs --no-follow} for its output (into the job log, progress lines parsed), {@code cancel} on
 * cancel or time limit, and {@code down} when the job has ended. The adapter and predictions come back with rsync
 * over the ssh alias SkyPilot sets up for the cluster ({@code <cluster>:~/sky_workdir/…}).
 */
public final class SkyPilotBackend implements TrainingBackend {

    public static final String NAME = "skypilot";
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).build();
    private static final Pattern JOB_ID = Pattern.compile("(?i)job(?: submitted,)? id:?\\s*(\\d+)");
    private static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "FAILED_SETUP", "FAILED_DRIVER",
            "FAILED_PRECHECKS", "CANCELLED");
    private static final List<String> STATUSES = List.of("INIT", "PENDING", "SETTING_UP", "RUNNING", "SUCCEEDED",
            "FAILED_SETUP", "FAILED_DRIVER", "FAILED_PRECHECKS", "FAILED", "CANCELLED");
    private static final String REMOTE_WORKDIR = "~/sky_workdir";
    private static final int TAIL_LINES = 40;

    /**
     * @param sky              the SkyPilot CLI: a name on the PATH or a path
     * @param rsync            rsync, used through the cluster's ssh alias to fetch the results
     * @param accelerators     e.g. {@code A10G:1}, {@code H100:8}
     * @param cloud            aws, gcp, runpod, lambda …; blank for any cloud SkyPilot finds cheapest
     * @param setup            the cluster's setup commands
     * @param python           the interpreter on the cluster
     * @param commandTimeout   how long one sky command may take (launch provisions a machine: minutes)
     * @param down             tear the cluster down when the job has ended
     */
    public record Options(String sky, String rsync, String accelerators, String cloud, String setup, String python,
                          Duration pollInterval, Duration progressInterval, Duration commandTimeout, boolean down) {
    }

    private final Options options;
    private final JobLog jobLog;
    private final Clock clock;

    public SkyPilotBackend(Options options, JobLog jobLog, Clock clock) {
        this.options = options;
        this.jobLog = jobLog;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String location() {
        return "SkyPilot " + options.accelerators() + " on "
                + (options.cloud() == null || options.cloud().isBlank() ? "any cloud" : options.cloud());
    }

    /** The cluster a job runs on: one per job, so a cancel or down never touches another job's machine. */
    static String cluster(Job job) {
        return "ftcoach-" + job.id().replaceAll("[^a-z0-9]", "").substring(0, 8);
    }

    @Override
    public TrainingOutcome run(Job job, Path taskDir, Consumer<ProgressUpdate> progress) throws InterruptedException {
        GeneratedProject project;
        try {
            project = GeneratedProject.in(taskDir, job.request().version());
        } catch (IllegalArgumentException e) {
            return failed(FailureCategory.CONFIGURATION, e.getMessage(), "", false);
        }
        SkyCli cli = new SkyCli(taskDir);
        String cluster = cluster(job);
        long started = System.nanoTime();
        long deadline = job.request().timeLimitSeconds() == null ? Long.MAX_VALUE
                : started + TimeUnit.SECONDS.toNanos(job.request().timeLimitSeconds());
        String taskFile = ".ftcoach/skypilot/" + job.id() + ".yaml";
        Optional<String> checkpoint = job.attempt() > 1 || job.request().resumeFromCheckpoint()
                ? project.latestCheckpoint() : Optional.empty();
        AtomicFiles.writeString(taskDir.resolve(taskFile), taskYaml(job, project, checkpoint.orElse(null)));
        note(job, "Wrote the SkyPilot task " + taskFile + checkpoint.map(c -> "; resuming from " + c).orElse(""));

        SkyCli.Result launch;
        try {
            launch = sky(job, cli, List.of("launch", "-c", cluster, "-y", "--detach-run", taskFile));
        } catch (IOException e) {
            return failed(FailureCategory.CONFIGURATION, "The SkyPilot CLI '" + options.sky() + "' cannot be run ("
                    + e.getMessage() + "). Install it with pip install \"skypilot[aws,gcp,runpod]\", check the "
                    + "cloud credentials with sky check, or set FTCOACH_SKYPILOT_CLI to its path", "", false);
        }
        if (!launch.ok()) {
            down(job, cli, cluster);
            String tail = launch.tail(TAIL_LINES);
            boolean credentials = tail.contains("sky check") || tail.toLowerCase(Locale.ROOT).contains("credential");
            return failed(credentials ? FailureCategory.CONFIGURATION : FailureCategory.INFRASTRUCTURE,
                    "sky launch of cluster " + cluster + " (" + location() + ") failed with exit code "
                            + launch.exitCode() + (credentials ? ": the cloud credentials are missing or invalid; run "
                            + "sky check and configure the cloud" : ": no capacity or a provisioning error (see the log "
                            + "tail); a retry tries again, or choose other accelerators or another cloud"),
                    tail, !credentials);
        }
        Matcher id = JOB_ID.matcher(launch.output());
        String jobId = null;
        while (id.find()) {
            jobId = id.group(1);
        }
        if (jobId == null) {
            down(job, cli, cluster);
            return failed(FailureCategory.INFRASTRUCTURE, "sky launch did not name the job it submitted on cluster "
                    + cluster + "; check the SkyPilot version (sky --version)", launch.tail(TAIL_LINES), true);
        }
        note(job, "SkyPilot job " + jobId + " submitted on cluster " + cluster);

        ProgressThrottle throttle = new ProgressThrottle(progress, options.progressInterval(), System::nanoTime);
        Map<String, Double> metrics = new LinkedHashMap<>();
        LogTail tail = new LogTail(TAIL_LINES);
        int[] linesSeen = {0};
        try {
            while (true) {
                String status = status(job, cli, cluster, jobId);
                readLogs(job, cli, cluster, jobId, linesSeen, tail, throttle, metrics);
                if (ENDED.contains(status)) {
                    throttle.flush();
                    TrainingOutcome outcome = ended(job, cli, project, cluster, jobId, status, tail, metrics, started);
                    down(job, cli, cluster);
                    return outcome;
                }
                if (System.nanoTime() > deadline) {
                    note(job, "Time limit of " + job.request().timeLimitSeconds() + " s reached; cancelling SkyPilot job "
                            + jobId);
                    cancelAndDown(job, cli, cluster, jobId);
                    return failed(FailureCategory.TIMEOUT, "SkyPilot job " + jobId + " on cluster " + cluster
                            + " was stopped after the time limit of " + job.request().timeLimitSeconds() + " s; raise the "
                            + "request's timeLimitSeconds or train fewer epochs", tail.text(), false);
                }
                Thread.sleep(options.pollInterval().toMillis());
            }
        } catch (InterruptedException e) {
            note(job, "Cancelling SkyPilot job " + jobId + " and tearing down cluster " + cluster);
            cancelAndDown(job, cli, cluster, jobId);
            throw e;
        } catch (IOException e) {
            cancelAndDown(job, cli, cluster, jobId);
            return failed(FailureCategory.INFRASTRUCTURE, "The SkyPilot CLI stopped answering for job " + jobId + " on "
                    + "cluster " + cluster + ": " + e.getMessage(), tail.text(), true);
        }
    }

    String taskYaml(Job job, GeneratedProject project, String checkpoint) {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("accelerators", options.accelerators());
        if (options.cloud() != null && !options.cloud().isBlank()) {
            resources.put("cloud", options.cloud());
        }
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("name", "ftcoach-" + job.request().taskId() + "-" + job.request().version());
        task.put("resources", resources);
        task.put("workdir", project.taskDir().toAbsolutePath().toString());
        task.put("envs", Map.of("PYTHONUNBUFFERED", "1"));
        task.put("setup", options.setup() + "\n");
        task.put("run", options.python() + " " + String.join(" ", project.trainArguments(checkpoint)) + " && \\\n"
                + options.python() + " " + String.join(" ", project.evaluateArguments()) + "\n");
        return YAML.writeValueAsString(task);
    }

    private String status(Job job, SkyCli cli, String cluster, String jobId) throws IOException, InterruptedException {
        SkyCli.Result queue = sky(job, cli, List.of("queue", cluster));
        if (!queue.ok()) {
            throw new IOException("sky queue " + cluster + " failed with exit code " + queue.exitCode() + ": "
                    + queue.tail(5));
        }
        for (String line : queue.output().split("\\R")) {
            String[] cells = line.strip().split("\\s+");
            if (cells.length > 1 && cells[0].equals(jobId)) {
                for (String cell : cells) {
                    if (STATUSES.contains(cell)) {
                        return cell;
                    }
                }
            }
        }
        throw new IOException("sky queue " + cluster + " does not list job " + jobId);
    }

    private void readLogs(Job job, SkyCli cli, String cluster, String jobId, int[] linesSeen, LogTail tail,
                          ProgressThrottle throttle, Map<String, Double> metrics) throws IOException, InterruptedException {
        SkyCli.Result logs = sky(job, cli, List.of("logs", cluster, jobId, "--no-follow"));
        if (!logs.ok()) {
            return; // the job may not have started yet; the next poll reads on
        }
        String[] lines = logs.output().split("\\R");
        for (int i = linesSeen[0]; i < lines.length; i++) {
            String line = lines[i];
            // SkyPilot prefixes each line of the job's output with "(task, pid=…) "
            String text = line.replaceFirst("^\\([^)]*pid=\\d+\\)\\s?", "");
            tail.add(text);
            note(job, text);
            ProgressLines.progress(text).ifPresent(update -> {
                ProgressLines.record(update, metrics);
                throttle.accept(update);
            });
            metrics.putAll(ProgressLines.metrics(text));
        }
        linesSeen[0] = Math.max(linesSeen[0], lines.length);
    }

    private TrainingOutcome ended(Job job, SkyCli cli, GeneratedProject project, String cluster, String jobId,
                                 String status, LogTail tail, Map<String, Double> metrics, long started)
            throws IOException, InterruptedException {
        switch (status) {
            case "SUCCEEDED" -> {
                Optional<String> fetchFailure = fetch(job, cli, project, cluster);
                if (fetchFailure.isPresent()) {
                    return failed(FailureCategory.INFRASTRUCTURE, fetchFailure.get(), tail.text(), true);
                }
                Map<String, Double> all = new LinkedHashMap<>(metrics);
                all.putIfAbsent("train_runtime", (System.nanoTime() - started) / 1e9);
                return project.outcome(NAME, all);
            }
            case "FAILED_SETUP" -> {
                return failed(FailureCategory.CONFIGURATION, "The setup of SkyPilot job " + jobId + " on cluster "
                        + cluster + " failed (" + options.setup().strip() + "); fix the project's requirements or "
                        + "ftcoach.training-dispatcher.skypilot.setup and request the training again", tail.text(), false);
            }
            case "CANCELLED" -> {
                return failed(FailureCategory.INFRASTRUCTURE, "SkyPilot job " + jobId + " on cluster " + cluster
                        + " was cancelled outside the dispatcher (sky cancel, or a preempted spot instance)",
                        tail.text(), true);
            }
            default -> {
                return new TrainingOutcome.Failed(GeneratedProject.diagnose("SkyPilot job " + jobId + " on cluster "
                        + cluster + " ended " + status, 1, tail.text()));
            }
        }
    }

    /** The adapter (without checkpoints) and the predictions, each into place atomically; a message when it failed. */
    private Optional<String> fetch(Job job, SkyCli cli, GeneratedProject project, String cluster)
            throws IOException, InterruptedException {
        Path taskDir = project.taskDir();
        Path staging = taskDir.resolve(".ftcoach/skypilot/" + job.id() + "-results");
        deleteTree(staging);
        Files.createDirectories(staging);
        SkyCli.Result rsync;
        try {
            rsync = cli.run(List.of(options.rsync(), "-a", "--exclude", "checkpoint-*",
                    cluster + ":" + REMOTE_WORKDIR + "/" + project.adapterDir() + "/", staging.resolve("adapter") + "/"),
                    options.commandTimeout());
        } catch (IOException e) {
            return Optional.of("rsync cannot be run to fetch the results from cluster " + cluster + " (" + e.getMessage()
                    + "); install rsync or set FTCOACH_SKYPILOT_RSYNC");
        }
        if (!rsync.ok()) {
            return Optional.of("rsync of " + project.adapterDir() + " from cluster " + cluster + " failed with exit "
                    + "code " + rsync.exitCode() + ": " + rsync.tail(5));
        }
        for (String split : List.of("test", "valid")) {
            String predictions = EvaluationFiles.predictionsPath(project.version(), split);
            SkyCli.Result one = cli.run(List.of(options.rsync(), "-a", cluster + ":" + REMOTE_WORKDIR + "/"
                    + predictions, staging.resolve(split + ".jsonl").toString()), options.commandTimeout());
            if (!one.ok() && split.equals("test")) {
                return Optional.of("rsync of " + predictions + " from cluster " + cluster + " failed with exit code "
                        + one.exitCode() + ": " + one.tail(5));
            }
            if (one.ok()) {
                AtomicFiles.write(taskDir.resolve(predictions), Files.readAllBytes(staging.resolve(split + ".jsonl")));
            }
        }
        Path adapter = taskDir.resolve(project.adapterDir());
        // local checkpoints (what a resumed run started from) stay; the rest is replaced by what came back
        Files.createDirectories(adapter);
        try (Stream<Path> files = Files.list(staging.resolve("adapter"))) {
            for (Path p : files.toList()) {
                Path target = adapter.resolve(p.getFileName().toString());
                deleteTree(target);
                Files.move(p, target);
            }
        }
        deleteTree(staging);
        note(job, "Fetched " + project.adapterDir() + " and the predictions from cluster " + cluster);
        return Optional.empty();
    }

    private void cancelAndDown(Job job, SkyCli cli, String cluster, String jobId) {
        try {
            sky(job, cli, List.of("cancel", "-y", cluster, jobId));
        } catch (IOException | InterruptedException e) {
            note(job, "sky cancel failed: " + e.getMessage() + "; cancel it by hand: sky cancel -y " + cluster + " " + jobId);
        }
        down(job, cli, cluster);
    }

    private void down(Job job, SkyCli cli, String cluster) {
        if (!options.down()) {
            return;
        }
        try {
            SkyCli.Result down = sky(job, cli, List.of("down", "-y", cluster));
            if (!down.ok()) {
                note(job, "sky down " + cluster + " failed (exit code " + down.exitCode() + "); tear it down by hand "
                        + "with sky down -y " + cluster + " to stop paying for it");
            }
        } catch (IOException | InterruptedException e) {
            note(job, "sky down failed: " + e.getMessage() + "; tear it down by hand with sky down -y " + cluster);
        }
    }

    private SkyCli.Result sky(Job job, SkyCli cli, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(options.sky());
        command.addAll(args);
        return cli.run(command, options.commandTimeout());
    }

    private void note(Job job, String line) {
        if (jobLog != null) {
            jobLog.append(job.id(), clock.instant(), line);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static TrainingOutcome failed(FailureCategory category, String reason, String tail, boolean retryable) {
        return new TrainingOutcome.Failed(new JobFailure(category, reason, tail, retryable));
    }
}
