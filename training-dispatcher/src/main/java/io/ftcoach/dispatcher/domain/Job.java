package io.ftcoach.dispatcher.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A training job: one request, run once on one backend. Immutable; every transition yields a new Job and refuses
 * a move a job cannot make (a finished job never runs again: a new request makes a new job).
 *
 * @param startedAt  null until it runs
 * @param finishedAt null until it ends
 * @param failure    why it failed or was cancelled; null unless failed or cancelled
 * @param attempt    1 for the first run; re-runs after infrastructure failures count up
 */
public record Job(String id, JobState state, JobRequest request, Instant createdAt, Instant updatedAt,
                  Instant startedAt, Instant finishedAt, JobFailure failure, int attempt) {

    public static Job queued(String id, JobRequest request, Instant at) {
        return new Job(id, JobState.QUEUED, request, at, at, null, null, null, 1);
    }

    public Job start(Instant at) {
        require(JobState.RUNNING, state == JobState.QUEUED);
        return new Job(id, JobState.RUNNING, request, createdAt, at, at, null, null, attempt);
    }

    public Job succeed(Instant at) {
        require(JobState.SUCCEEDED, state == JobState.RUNNING);
        return new Job(id, JobState.SUCCEEDED, request, createdAt, at, startedAt, at, null, attempt);
    }

    public Job fail(JobFailure why, Instant at) {
        require(JobState.FAILED, !state.terminal());
        return new Job(id, JobState.FAILED, request, createdAt, at, startedAt, at, why, attempt);
    }

    /** @param why the cancellation (category {@link FailureCategory#CANCELLED}), announced as TrainingFailed */
    public Job cancel(JobFailure why, Instant at) {
        require(JobState.CANCELLED, !state.terminal());
        if (why == null || why.category() != FailureCategory.CANCELLED) {
            throw new IllegalArgumentException("A cancelled job needs a failure of category CANCELLED, was " + why);
        }
        return new Job(id, JobState.CANCELLED, request, createdAt, at, startedAt, at, why, attempt);
    }

    /** Time from start to end; zero for a job that never started or has not ended. */
    public Duration runTime() {
        return startedAt == null || finishedAt == null ? Duration.ZERO : Duration.between(startedAt, finishedAt);
    }

    private void require(JobState target, boolean allowed) {
        if (!allowed) {
            throw new IllegalStateException("Job " + id + " is " + state.key() + "; it cannot become " + target.key());
        }
    }
}
