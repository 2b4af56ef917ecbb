package io.ftcoach.task.domain;

import io.ftcoach.support.workspace.TaskName;

import java.time.Instant;
import java.util.List;

/** A task as task.yaml records it (spec §5.1). Immutable: every change yields a new Task. */
public record Task(TaskName name, String taskType, String domain, String language, String inputTemplate,
                   String outputType, List<String> labels, TrainingConfig training, SuccessCriteria successCriteria,
                   String executionBackend, Versioning versioning, LifecycleStatus status, String activeVersion,
                   Instant created, Instant updated) {

    public Task {
        labels = List.copyOf(labels);
    }

    /** A task with the defaults of spec §1.3 for everything not given. */
    public Task(TaskName name, String taskType, List<String> labels, SuccessCriteria successCriteria,
                String executionBackend, LifecycleStatus status, String activeVersion, Instant created, Instant updated) {
        this(name, taskType, "general", "zh-TW", "{instruction}", defaultOutputType(taskType), labels,
                TrainingConfig.projectDefault(), successCriteria, executionBackend, Versioning.defaults(), status,
                activeVersion, created, updated);
    }

    /** Classification → single_label; everything else json (spec §1.3, §5.1). */
    public static String defaultOutputType(String taskType) {
        return "classification".equals(taskType) ? "single_label" : "json";
    }

    public Task withStatus(LifecycleStatus newStatus, Instant at) {
        return new Task(name, taskType, domain, language, inputTemplate, outputType, labels, training, successCriteria,
                executionBackend, versioning, newStatus, activeVersion, created, at);
    }

    public Task withActiveVersion(String version, Instant at) {
        return new Task(name, taskType, domain, language, inputTemplate, outputType, labels, training, successCriteria,
                executionBackend, versioning, status, version, created, at);
    }

    public Task withSuccessCriteria(SuccessCriteria criteria, Instant at) {
        return new Task(name, taskType, domain, language, inputTemplate, outputType, labels, training, criteria,
                executionBackend, versioning, status, activeVersion, created, at);
    }
}
