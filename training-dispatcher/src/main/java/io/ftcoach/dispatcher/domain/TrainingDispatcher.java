package io.ftcoach.dispatcher.domain;

import io.ftcoach.dispatcher.domain.evaluation.Evaluator;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Turns training requests into jobs and runs each on its backend, on worker threads of its own: a training run
 * takes minutes to hours, far longer than a Kafka consumer may go without polling. Every state change is saved
 * in the {@link JobRegistry} before it is announced through the {@link JobEventSink}. A succeeded job that left
 * test predictions ({@code benchmarks/predictions/<v>_test.jsonl}) is evaluated before its completion is saved
 * ({@link Evaluator}): predictions that cannot be evaluated fail the job; otherwise the completion is announced,
 * then the evaluation. Each job's start, progress, end and failure reason go to its {@link JobLog}.
 *
 * <p>Cancelling ({@link #cancel}): a queued job is cancelled at once; a running job's worker thread is interrupted
 * (a backend stops its work on interrupt) and the job ends cancelled when its backend returns. Either way the job
 * is announced as failed with category {@link FailureCategory#CANCELLED}.
 */
public final class TrainingDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrainingDispatcher.class);
    /** How long stopping waits for running jobs before it interrupts them. */
    private static final long STOP_GRACE_SECONDS = 5;

    private final JobRegistry jobs;
    private final Backends backends;
    private final Workspace workspace;
    private final JobEventSink events;
    private final Clock clock;
    private final ExecutorService workers;
    private final Evaluator evaluator;
    /** null: no job logs are written */
    private final JobLog jobLog;
    /** The worker thread of every running job, while its backend runs; guarded by {@code this}. */
    private final Map<String, Thread> runningOn = new HashMap<>();
    /** Running jobs asked to cancel, until their run ends; guarded by {@code this}. */
    private final Set<String> cancelRequested = new HashSet<>();

    /** @param workers runs the jobs; owned by the dispatcher from now on and shut down by {@link #close()} */
    public TrainingDispatcher(JobRegistry jobs, Backends backends, Workspace workspace, JobEventSink events,
                              Clock clock, ExecutorService workers) {
        this(jobs, backends, workspace, events, clock, workers, null);
    }

    /**
     * @param workers runs the jobs; owned by the dispatcher from now on and shut down by {@link #close()}
     * @param jobLog  where each job's log lines go; null for none
     */
    public TrainingDispatcher(JobRegistry jobs, Backends backends, Workspace workspace, JobEventSink events,
                              Clock clock, ExecutorService workers, JobLog jobLog) {
        this.jobLog = jobLog;
        this.evaluator = new Evaluator(clock);
        this.jobs = jobs;
        this.backends = backends;
        this.workspace = workspace;
        this.events = events;
        this.clock = clock;
        this.workers = workers;
    }

    /** Records a queued job for the request and schedules it; a request seen before answers with its job. */
    public synchronized Job submit(JobRequest request) {
        Optional<Job> existing = jobs.findByRequest(request.requestEventId());
        if (existing.isPresent()) {
            log.info("Training request {} has job {} already ({}); not started again", request.requestEventId(),
                    existing.get().id(), existing.get().state().key());
            return existing.get();
        }
        Job job = jobs.create(request, clock.instant());
        workers.execute(() -> run(job.id()));
        return job;
    }

    /**
     * After a restart: queued jobs are scheduled again; a job that was running when the service stopped is
     * re-attached to when its backend's work goes on without the dispatcher ({@link TrainingBackend#reattaches()},
     * e.g. a detached run on an ssh host); otherwise it has lost its run, so it is failed as retryable rather than
     * left "running" for ever.
     */
    public void recover() {
        for (Job job : jobs.list()) {
            if (job.state() == JobState.QUEUED) {
                workers.execute(() -> run(job.id()));
            } else if (job.state() == JobState.RUNNING) {
                Optional<TrainingBackend> backend = backends.find(job.request().backend());
                if (backend.isPresent() && backend.get().reattaches()) {
                    note(job.id(), "The training dispatcher restarted; re-attaching to the run on backend '"
                            + job.request().backend() + "'");
                    log.info("Re-attaching to training job {} on backend '{}'", job.id(), job.request().backend());
                    workers.execute(() -> run(job.id(), true));
                    continue;
                }
                finish(job, new TrainingOutcome.Failed(new JobFailure(FailureCategory.INFRASTRUCTURE,
                        "The training dispatcher stopped while job " + job.id() + " was running on backend '"
                                + job.request().backend() + "', whose work ended with it (backend '"
                                + job.request().backend() + "' cannot re-attach to a run); request the training again "
                                + "(with resumeFromCheckpoint to go on from its last checkpoint)", "", true)));
            }
        }
    }

    /** Runs one queued job to its end; does nothing for a job that another worker has taken or that has ended. */
    void run(String jobId) {
        run(jobId, false);
    }

    /** @param reattach the job was running before a restart: it is picked up as it is, and not announced again */
    private void run(String jobId, boolean reattach) {
        Optional<Job> claimed = claim(jobId, reattach);
        if (claimed.isEmpty()) {
            return;
        }
        Job job = claimed.get();
        Optional<TrainingBackend> backend = backends.find(job.request().backend());
        String location = backend.map(TrainingBackend::location).orElse(null);
        if (!reattach) {
            note(job.id(), "Started job " + job.id() + " for task '" + job.request().taskId() + "' "
                    + job.request().version() + " on backend '" + job.request().backend() + "'"
                    + (location == null ? "" : " (" + location + ")") + ", attempt " + job.attempt());
            List<String> ignored = backend.map(b -> b.ignoredSettings(job.request())).orElse(List.of());
            if (!ignored.isEmpty()) {
                note(job.id(), "Ignored by the " + job.request().backend() + " backend: " + String.join("; ", ignored));
            }
            announce("start", job, () -> events.started(job, location));
        }
        if (backend.isEmpty()) {
            JobFailure why = new JobFailure(FailureCategory.CONFIGURATION,
                    backends.unavailableReason(job.request().backend()), "", false);
            if (release(jobId)) {
                Thread.interrupted();
                why = cancellation(job, true);
            }
            finish(job, new TrainingOutcome.Failed(why));
            forget(jobId);
            return;
        }
        TrainingOutcome outcome;
        Optional<Evaluator.Result> evaluation = Optional.empty();
        boolean interrupted = false;
        try {
            Path taskDir = workspace.taskDir(TaskName.of(job.request().taskId()));
            outcome = backend.get().run(job, taskDir, update -> {
                note(job.id(), progressLine(update));
                announce("progress", job, () -> events.progress(job, update));
            });
            if (outcome == null) {
                throw new IllegalStateException("backend returned no outcome");
            }
            if (outcome instanceof TrainingOutcome.Succeeded succeeded) {
                try {
                    evaluation = evaluator.evaluate(job, succeeded, taskDir);
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    outcome = new TrainingOutcome.Failed(new JobFailure(FailureCategory.DATA, "The training on backend '"
                            + job.request().backend() + "' ended but its predictions cannot be evaluated: "
                            + e.getMessage() + "; no results were written", "", false));
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
            outcome = new TrainingOutcome.Failed(new JobFailure(FailureCategory.INFRASTRUCTURE,
                    "The training dispatcher stopped while job " + jobId + " was running on backend '"
                            + job.request().backend() + "'; request the training again", "", true));
        } catch (RuntimeException e) {
            log.error("Backend '{}' failed on job {}", job.request().backend(), jobId, e);
            outcome = new TrainingOutcome.Failed(new JobFailure(FailureCategory.UNKNOWN,
                    "Backend '" + job.request().backend() + "' failed unexpectedly: " + e
                            + "; the service log has the details", "", false));
        }
        if (release(jobId)) {
            // the interrupt was the cancel's, not the dispatcher stopping: the worker thread goes on to other jobs
            Thread.interrupted();
            interrupted = false;
            evaluation = Optional.empty();
            outcome = new TrainingOutcome.Failed(cancellation(job, true));
        }
        Job done = finish(job, outcome);
        forget(jobId);
        if (done.state() == JobState.SUCCEEDED && evaluation.isPresent()) {
            Evaluator.Result result = evaluation.get();
            log.info("Training job {} for task '{}' {}: {} {} = {} (target {}), {}", done.id(), done.request().taskId(),
                    done.request().version(), result.evaluation().split(), result.evaluation().criteria().primaryMetric(),
                    result.evaluation().primaryValue(), result.evaluation().criteria().threshold(),
                    result.evaluation().passed() ? "passed" : "not passed");
            announce("evaluation", done, () -> events.evaluated(done, result));
        }
        if (interrupted) {
            // restored only now, so the failure above could still be saved and announced
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Optional<Job> claim(String jobId, boolean reattach) {
        JobState from = reattach ? JobState.RUNNING : JobState.QUEUED;
        Optional<Job> job = jobs.find(jobId).filter(j -> j.state() == from && !runningOn.containsKey(jobId));
        job.ifPresent(j -> runningOn.put(jobId, Thread.currentThread()));
        return reattach ? job : job.map(j -> jobs.save(j.start(clock.instant())));
    }

    /** The job's backend has returned: it can no longer be interrupted. True when it was asked to cancel. */
    private synchronized boolean release(String jobId) {
        runningOn.remove(jobId);
        return cancelRequested.contains(jobId);
    }

    private synchronized void forget(String jobId) {
        runningOn.remove(jobId);
        cancelRequested.remove(jobId);
    }

    /**
     * Cancels a job: a queued one at once (it never runs), a running one by interrupting its backend; it ends
     * cancelled when the backend returns. Answers the job as it is now (cancelled, or still running).
     *
     * @throws java.util.NoSuchElementException for an unknown job
     * @throws IllegalStateException            for a job that has ended (or is ending) and so cannot be cancelled
     */
    public Job cancel(String jobId) {
        Job cancelled;
        synchronized (this) {
            Job job = jobs.get(jobId);
            if (job.state() == JobState.RUNNING) {
                Thread worker = runningOn.get(jobId);
                if (cancelRequested.contains(jobId)) {
                    return job; // asked before; it is ending
                }
                if (worker == null) {
                    throw new IllegalStateException("Job " + jobId + " is finishing on backend '"
                            + job.request().backend() + "' and can no longer be cancelled; GET /api/jobs/" + jobId
                            + " shows how it ended");
                }
                cancelRequested.add(jobId);
                note(jobId, "Cancel requested; interrupting backend '" + job.request().backend() + "'");
                log.info("Cancelling training job {}: interrupting backend '{}'", jobId, job.request().backend());
                worker.interrupt();
                return job;
            }
            if (job.state() != JobState.QUEUED) {
                throw new IllegalStateException("Job " + jobId + " is " + job.state().key()
                        + " already; only a queued or running job can be cancelled");
            }
            cancelled = jobs.save(job.cancel(cancellation(job, false), clock.instant()));
        }
        note(jobId, "Cancelled: " + cancelled.failure().reason());
        log.info("Training job {} for task '{}' {} cancelled while queued", jobId, cancelled.request().taskId(),
                cancelled.request().version());
        announce("cancellation", cancelled, () -> events.failed(cancelled));
        return cancelled;
    }

    private static JobFailure cancellation(Job job, boolean wasRunning) {
        return new JobFailure(FailureCategory.CANCELLED, "Job " + job.id() + " was cancelled through POST /api/jobs/"
                + job.id() + "/cancel " + (wasRunning ? "while running on backend '" + job.request().backend()
                + "'; its work was stopped" : "while queued; it never ran") + ". Request the training again to run it",
                "", false);
    }

    private Job finish(Job job, TrainingOutcome outcome) {
        if (outcome instanceof TrainingOutcome.Succeeded succeeded) {
            Job done = jobs.save(job.succeed(clock.instant()));
            note(done.id(), "Succeeded after " + done.runTime().toMillis() + " ms; artifacts: "
                    + succeeded.artifacts().stream().map(JobArtifact::path).toList() + ", metrics: " + succeeded.metrics());
            announce("completion", done, () -> events.completed(done, succeeded));
            return done;
        }
        TrainingOutcome.Failed failed = (TrainingOutcome.Failed) outcome;
        if (failed.failure().category() == FailureCategory.CANCELLED) {
            Job done = jobs.save(job.cancel(failed.failure(), clock.instant()));
            note(done.id(), "Cancelled: " + failed.failure().reason());
            log.info("Training job {} for task '{}' {} cancelled", done.id(), done.request().taskId(),
                    done.request().version());
            announce("cancellation", done, () -> events.failed(done));
            return done;
        }
        Job done = jobs.save(job.fail(failed.failure(), clock.instant()));
        note(done.id(), "Failed (" + failed.failure().category() + "): " + failed.failure().reason());
        log.info("Training job {} for task '{}' {} failed: {}", done.id(), done.request().taskId(),
                done.request().version(), failed.failure().reason());
        announce("failure", done, () -> events.failed(done));
        return done;
    }

    private void note(String jobId, String line) {
        if (jobLog != null) {
            jobLog.append(jobId, clock.instant(), line);
        }
    }

    private static String progressLine(ProgressUpdate u) {
        StringBuilder line = new StringBuilder("Progress: step ").append(u.step());
        if (u.totalSteps() != null) {
            line.append('/').append(u.totalSteps());
        }
        line.append(", epoch ").append(u.epoch());
        if (u.loss() != null) {
            line.append(", loss ").append(u.loss());
        }
        if (u.evalLoss() != null) {
            line.append(", eval loss ").append(u.evalLoss());
        }
        if (u.learningRate() != null) {
            line.append(", learning rate ").append(u.learningRate());
        }
        line.append(", ").append(String.format(java.util.Locale.ROOT, "%.1f", u.percent())).append('%');
        if (u.etaSeconds() != null) {
            line.append(", ETA ").append(u.etaSeconds()).append(" s");
        }
        return line.toString();
    }

    /**
     * The job's state is saved before this; a failure to announce it is logged with the job id and does not change
     * the job (the job registry is the record, GET /api/jobs shows it).
     */
    private void announce(String what, Job job, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("Could not announce the {} of training job {} (task '{}', version {}): {}", what, job.id(),
                    job.request().taskId(), job.request().version(), e.getMessage(), e);
        }
    }

    /**
     * Lets the jobs in hand go on for a few seconds, then interrupts them (they are failed as retryable); jobs that
     * never started stay queued in the registry and run at the next start.
     */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                workers.shutdownNow();
                if (!workers.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    log.warn("Training jobs still running after the dispatcher stopped; they are failed at the next start");
                }
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
