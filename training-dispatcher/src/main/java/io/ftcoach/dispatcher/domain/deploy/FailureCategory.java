package io.ftcoach.dispatcher.domain.deploy;

/** Why a deployment failed, broadly: it tells the person (and the coach) where to look before reading the reason. */
public enum FailureCategory {
    /** The request, task.yaml or this service's settings lack or contradict something. */
    CONFIGURATION,
    /** The version is not evaluated, missed its target, or its model files are missing. */
    NOT_READY,
    /** A token is missing or the target refused it. */
    CREDENTIALS,
    /** The target's server could not be reached. */
    UNREACHABLE,
    /** The target's server answered an error or something unusable. */
    REMOTE_ERROR,
    /** The service stopped or was interrupted while deploying. */
    INTERRUPTED,
    UNKNOWN
}
