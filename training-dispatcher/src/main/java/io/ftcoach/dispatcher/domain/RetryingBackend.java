package io.ftcoach.dispatcher.domain;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a job again when its backend failed on the infrastructure (a retryable failure: a host that went away, a
 * lost connection, a preempted node), after a back-off that doubles each time, up to a number of attempts. Each
 * re-run gets the job with its attempt counted up, which the script-running backends take as "resume from the
 * last checkpoint". Any other failure, a success, or a cancel ends it at once.
 */
public final class RetryingBackend implements TrainingBackend {

    /** Waits between attempts; a test passes one that does not. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * @param maxAttempts    1 for no retry
     * @param initialBackoff the wait before the second attempt; doubled for each further one
     * @param maxBackoff     the longest wait
     */
    public record Policy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        public Policy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("A retry policy needs at least 1 attempt, was " + maxAttempts
                        + " (ftcoach.training-dispatcher.retry.max-attempts)");
            }
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("The retry back-off must be 0 or more and max-backoff at least "
                        + "initial-backoff, was " + initialBackoff + " and " + maxBackoff);
            }
        }

        /** The wait after attempt {@code attempt} failed (1-based). */
        public Duration backoffAfter(int attempt) {
            Duration wait = initialBackoff;
            for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
        }
    }

    private final TrainingBackend backend;
    private final Policy policy;
    private final Sleeper sleeper;
    private final JobLog jobLog;
    private final Clock clock;

    /** @param jobLog where the retries are noted; null for nowhere */
    public RetryingBackend(TrainingBackend backend, Policy policy, Sleeper sleeper, JobLog jobLog, Clock clock) {
        this.backend = backend;
        this.policy = policy;
        this.sleeper = sleeper;
        this.jobLog = jobLog;
        this.clock = clock;
    }

    public static Sleeper threadSleep() {
        return d -> Thread.sleep(d.toMillis());
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public String location() {
        return backend.location();
    }

    @Override
    public List<String> ignoredSettings(JobRequest request) {
        return backend.ignoredSettings(request);
    }

    @Override
    public boolean reattaches() {
        return backend.reattaches();
    }

    public TrainingBackend backend() {
        return backend;
    }

    @Override
    public TrainingOutcome run(Job job, Path taskDir, Consumer<ProgressUpdate> progress) throws InterruptedException {
        Job attempt = job;
        while (true) {
            TrainingOutcome outcome = backend.run(attempt, taskDir, progress);
            if (!(outcome instanceof TrainingOutcome.Failed failed) || !failed.failure().retryable()
                    || failed.failure().category() != FailureCategory.INFRASTRUCTURE) {
                return outcome;
            }
            int done = attempt.attempt() - job.attempt() + 1;
            if (done >= policy.maxAttempts()) {
                JobFailure last = failed.failure();
                return new TrainingOutcome.Failed(new JobFailure(last.category(), last.reason() + " (gave up after "
                        + done + " attempt" + (done == 1 ? "" : "s") + "; raise "
                        + "ftcoach.training-dispatcher.retry.max-attempts to try longer)", last.logTail(), true));
            }
            Duration wait = policy.backoffAfter(done);
            note(job, "Attempt " + attempt.attempt() + " failed on the infrastructure: " + failed.failure().reason()
                    + "; retrying in " + wait.toSeconds() + " s, resuming from the last checkpoint");
            sleeper.sleep(wait);
            attempt = new Job(attempt.id(), attempt.state(), attempt.request(), attempt.createdAt(),
                    attempt.updatedAt(), attempt.startedAt(), attempt.finishedAt(), attempt.failure(),
                    attempt.attempt() + 1);
        }
    }

    private void note(Job job, String line) {
        if (jobLog != null) {
            jobLog.append(job.id(), clock.instant(), line);
        }
    }
}
