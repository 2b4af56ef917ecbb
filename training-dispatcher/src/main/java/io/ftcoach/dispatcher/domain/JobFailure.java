package io.ftcoach.dispatcher.domain;

/**
 * How a job failed.
 *
 * @param reason    what went wrong and what a person can do about it
 * @param logTail   the last lines of the job's log, empty when there is none
 * @param retryable true when running the same request again may succeed (an infrastructure hiccup), false when
 *                  something must change first
 */
public record JobFailure(FailureCategory category, String reason, String logTail, boolean retryable) {

    public JobFailure {
        if (category == null || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A job failure needs a category and a reason");
        }
        logTail = logTail == null ? "" : logTail;
    }
}
