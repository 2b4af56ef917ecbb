package io.ftcoach.dispatcher.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a training job stands. A job moves forward only: queued → running → succeeded, failed or cancelled. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** Lower case in job files and the API: {@code queued}, {@code running}, … */
    @JsonValue
    public String key() {
        return name().toLowerCase();
    }

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
