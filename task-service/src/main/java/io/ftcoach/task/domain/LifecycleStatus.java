package io.ftcoach.task.domain;

/** Where a task stands; it follows the other services' events (spec §5.1). */
public enum LifecycleStatus {
    CREATED, CONFIGURING, TRAINING, EVALUATING, DEPLOYED, ARCHIVED
}
