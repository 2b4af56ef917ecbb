package io.ftcoach.dispatcher.domain;

/** Why a job failed, so a person (or a retry policy) knows what to change; the same names as TrainingFailed's. */
public enum FailureCategory {
    INFRASTRUCTURE, CONFIGURATION, DATA, OUT_OF_MEMORY, TIMEOUT, CANCELLED, UNKNOWN
}
