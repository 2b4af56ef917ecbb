package io.ftcoach.task.domain.versions;

import io.ftcoach.task.domain.TrainingConfig;

import java.util.List;
import java.util.Map;

/**
 * One version as task-service knows it from the training it asked for and the pipeline events that followed.
 *
 * @param status      requested, training, failed, evaluated or recorded
 * @param config      the training config the version was asked with; null for a version only lineage told of
 * @param changes     concrete changes against the parent (spec §3.3), the person's own words first
 * @param metrics     the test split's metrics by name from EvaluationReady; empty until evaluated
 * @param evaluatedAt ISO instant of the evaluation, or null
 */
public record VersionEntry(String version, String parent, String status, TrainingConfig config, Integer batchSize,
                           String backend, String dataSnapshotId, List<String> changes, String requestedAt,
                           Map<String, Double> metrics, String evaluatedAt, String failure) {

    public VersionEntry {
        changes = changes == null ? List.of() : List.copyOf(changes);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    public VersionEntry withStatus(String newStatus) {
        return new VersionEntry(version, parent, newStatus, config, batchSize, backend, dataSnapshotId, changes,
                requestedAt, metrics, evaluatedAt, failure);
    }

    public VersionEntry withFailure(String reason) {
        return new VersionEntry(version, parent, "failed", config, batchSize, backend, dataSnapshotId, changes,
                requestedAt, metrics, evaluatedAt, reason);
    }

    public VersionEntry withMetrics(Map<String, Double> newMetrics, String at) {
        return new VersionEntry(version, parent, "recorded".equals(status) ? status : "evaluated", config, batchSize,
                backend, dataSnapshotId, changes, requestedAt, newMetrics, at, failure);
    }

    public VersionEntry recorded(String recordedParent, List<String> recordedChanges) {
        return new VersionEntry(version, parent == null ? recordedParent : parent, "recorded", config, batchSize,
                backend, dataSnapshotId, changes.isEmpty() ? recordedChanges : changes, requestedAt, metrics,
                evaluatedAt, failure);
    }

    /** The value of {@code metric} in the evaluation, or null when it was not evaluated (or not measured). */
    public Double metric(String metric) {
        return metrics.get(metric);
    }
}
