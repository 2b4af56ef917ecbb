package io.ftcoach.dispatcher.domain;

import io.ftcoach.support.workspace.TaskName;

import java.time.Instant;
import java.util.List;

/**
 * A request to train one version, with what is needed to answer it after a restart: the requesting event's id,
 * time, source and correlation, so every event about the job names its cause.
 *
 * @param timeLimitSeconds null for no limit
 */
public record JobRequest(String requestEventId, String correlationId, Instant requestedAt, String requestedBy,
                         String taskId, String version, String parentVersion, String backend, String dataSnapshotId,
                         TrainingSettings settings, List<String> statedChanges, boolean resumeFromCheckpoint,
                         Long timeLimitSeconds) {

    public JobRequest {
        TaskName.of(taskId);
        require(requestEventId, "requestEventId");
        require(correlationId, "correlationId");
        require(version, "version");
        require(backend, "backend");
        require(dataSnapshotId, "dataSnapshotId");
        if (settings == null) {
            throw new IllegalArgumentException("A training request needs its training settings");
        }
        if (timeLimitSeconds != null && timeLimitSeconds <= 0) {
            throw new IllegalArgumentException("timeLimitSeconds must be positive, was " + timeLimitSeconds);
        }
        statedChanges = statedChanges == null ? List.of() : List.copyOf(statedChanges);
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A training request needs " + name);
        }
    }
}
