package io.ftcoach.dispatcher.domain.local;

import io.ftcoach.dispatcher.domain.FailureCategory;
import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobFailure;
import io.ftcoach.dispatcher.domain.JobLog;
import io.ftcoach.dispatcher.domain.ProgressUpdate;
import io.ftcoach.dispatcher.domain.TrainingBackend;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.project.GeneratedProject;
import io.ftcoach.dispatcher.domain.project.LogTail;
import io.ftcoach.dispatcher.domain.project.ProgressLines;
import io.ftcoach.dispatcher.domain.project.ProgressThrottle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code local}: runs the generated project on this machine as child processes in the task folder,
 * {@code 04_train.py} then {@code 05_evaluate.py} (ARCHITECTURE.md §5). Their output goes line by line into the
 * job's log; the JSON progress lines become throttled progress updates. Cancel (an interrupt) and the request's
 * time limit end the whole process tree: the script and everything it started (data loader workers, torchrun).
 * A re-run (a retry, or a request asking to resume) continues from the newest {@code checkpoint-*}.
 */
public final class LocalBackend implements TrainingBackend {

    public static final String NAME = "local";
    private static final int TAIL_LINES = 40;

    /**
     * @param python           the interpreter that runs the scripts (the project's virtual environment's python)
     * @param progressInterval at most one progress update per interval goes out
     * @param killGrace        how long a stopped script may take to exit before it is killed outright
     */
    public record Options(String python, Duration progressInterval, Duration killGrace) {
        public Options {
            if (python == null || python.isBlank()) {
                throw new IllegalArgumentException("The local backend needs a python interpreter "
                        + "(ftcoach.training-dispatcher.local.python)");
            }
        }
    }

    private final Options options;
    private final JobLog jobLog;
    private final Clock clock;

    /** @param jobLog where the scripts' output goes; null for nowhere */
    public LocalBackend(Options options, JobLog jobLog, Clock clock) {
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
        return "this machine (" + options.python() + ")";
    }

    @Override
    public TrainingOutcome run(Job job, Path taskDir, Consumer<ProgressUpdate> progress) throws InterruptedException {
        GeneratedProject project;
        try {
            project = GeneratedProject.in(taskDir, job.request().version());
        } catch (IllegalArgumentException e) {
            return new TrainingOutcome.Failed(new JobFailure(FailureCategory.CONFIGURATION, e.getMessage(), "", false));
        }
        long deadline = job.request().timeLimitSeconds() == null ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.SECONDS.toNanos(job.request().timeLimitSeconds());
        long started = System.nanoTime();
        ProgressThrottle throttle = new ProgressThrottle(progress, options.progressInterval(), System::nanoTime);
        Map<String, Double> fromProgress = new ConcurrentHashMap<>();
        Map<String, Double> metrics = new ConcurrentHashMap<>();

        Optional<String> checkpoint = resumes(job) ? project.latestCheckpoint() : Optional.empty();
        checkpoint.ifPresent(c -> note(job, "Resuming from " + c));
        Optional<JobFailure> trained = runScript(job, project, GeneratedProject.TRAIN_SCRIPT,
                project.trainArguments(checkpoint.orElse(null)), deadline, update -> {
                    ProgressLines.record(update, fromProgress);
                    throttle.accept(update);
                }, metrics);
        throttle.flush();
        if (trained.isPresent()) {
            return new TrainingOutcome.Failed(trained.get());
        }
        Optional<JobFailure> evaluated = runScript(job, project, GeneratedProject.EVALUATE_SCRIPT,
                project.evaluateArguments(), deadline, update -> { }, new LinkedHashMap<>());
        if (evaluated.isPresent()) {
            return new TrainingOutcome.Failed(evaluated.get());
        }
        Map<String, Double> all = new LinkedHashMap<>(fromProgress);
        all.put("train_runtime", (System.nanoTime() - started) / 1e9);
        all.putAll(metrics);
        return project.outcome(NAME, all);
    }

    /** A retry, or a request that asks to go on from the last checkpoint. */
    static boolean resumes(Job job) {
        return job.attempt() > 1 || job.request().resumeFromCheckpoint();
    }

    private Optional<JobFailure> runScript(Job job, GeneratedProject project, String script, List<String> args,
                                           long deadline, Consumer<ProgressUpdate> progress,
                                           Map<String, Double> metrics) throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(options.python());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.taskDir().toFile())
                .redirectErrorStream(true);
        builder.environment().put("PYTHONUNBUFFERED", "1");
        note(job, "Running " + String.join(" ", command) + " in " + project.taskDir());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return Optional.of(new JobFailure(FailureCategory.CONFIGURATION, "Cannot start the python interpreter '"
                    + options.python() + "' for " + script + ": " + e.getMessage() + ". Install Python 3 or set "
                    + "ftcoach.training-dispatcher.local.python (FTCOACH_LOCAL_PYTHON) to the project's interpreter",
                    "", false));
        }
        LogTail tail = new LogTail(TAIL_LINES);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    tail.add(line);
                    note(job, line);
                    ProgressLines.progress(line).ifPresent(progress);
                    metrics.putAll(ProgressLines.metrics(line));
                }
            } catch (IOException e) {
                // the pipe closes when the tree is killed
            }
        }, "local-output-" + job.id());
        reader.setDaemon(true);
        reader.start();
        try {
            while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    note(job, "Time limit of " + job.request().timeLimitSeconds() + " s reached; stopping " + script);
                    killTree(process.toHandle());
                    reader.join(TimeUnit.SECONDS.toMillis(5));
                    return Optional.of(new JobFailure(FailureCategory.TIMEOUT, script + " was stopped after the time "
                            + "limit of " + job.request().timeLimitSeconds() + " s; raise the request's "
                            + "timeLimitSeconds or train fewer epochs (a re-run resumes from the last checkpoint)",
                            tail.text(), false));
                }
            }
        } catch (InterruptedException e) {
            note(job, "Stopping " + script + " and every process it started");
            killTree(process.toHandle());
            throw e;
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        int exit = process.exitValue();
        if (exit != 0) {
            return Optional.of(GeneratedProject.scriptFailed(script, exit, "locally", tail.text()));
        }
        return Optional.empty();
    }

    /**
     * Asks the script and all its descendants to stop (SIGTERM), then kills what is left after the grace period.
     * The descendants are listed first: once the script has gone, its children are no longer found under it.
     */
    void killTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.sort(Comparator.comparing((ProcessHandle p) -> p == root)); // children first
        tree.forEach(ProcessHandle::destroy);
        long until = System.nanoTime() + options.killGrace().toNanos();
        while (System.nanoTime() < until && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void note(Job job, String line) {
        if (jobLog != null) {
            jobLog.append(job.id(), clock.instant(), line);
        }
    }
}
