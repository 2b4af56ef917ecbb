package io.ftcoach.task.domain;

import io.ftcoach.support.workspace.TaskName;

import java.time.Instant;
import java.util.List;

/** A task as task.yaml records it. Immutable: every change yields a new Task. */
public record Task(TaskName name, String taskType, List<String> labels, SuccessCriteria successCriteria,
                   String executionBackend, LifecycleStatus status, String activeVersion,
                   Instant created, Instant updated) {

    public Task {
        labels = List.copyOf(labels);
    }

    public Task withStatus(LifecycleStatus newStatus, Instant at) {
        return new Task(name, taskType, labels, successCriteria, executionBackend, newStatus, activeVersion, created, at);
    }

    public Task withActiveVersion(String version, Instant at) {
        return new Task(name, taskType, labels, successCriteria, executionBackend, status, version, created, at);
    }
}
