package io.ftcoach.task.domain;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A person's request to train a new version of a task. Everything but the data snapshot may be left out: the
 * version is then named by the task's versioning strategy, the parent is the active version, and the training
 * config is the parent's with the given fields changed.
 *
 * @param threshold    a new success threshold for the task, recorded as one of the version's changes
 * @param experimental name the version as an experiment ({@code v{n}-exp} under semantic versioning)
 */
public record TrainingRequest(String version, String parentVersion, String dataSnapshotId, String backend,
                              String baseModel, String method, Integer loraRank, Integer loraAlpha,
                              Integer epochs, Double learningRate, Integer batchSize, List<String> statedChanges,
                              Double threshold, Boolean experimental, Boolean resumeFromCheckpoint) {

    /** Semantic (v2, v2.1, v3-exp), date (2026-01-06, 20260106) or hybrid (v2-20260106) names, spec §6.1. */
    public static final Pattern VERSION = Pattern.compile(
            "v\\d+(\\.\\d+)?(-exp)?|\\d{4}-\\d{2}-\\d{2}|\\d{8}|v\\d+[-_]\\d{8,10}");

    public TrainingRequest {
        requireVersionName("version", version);
        requireVersionName("parentVersion", parentVersion);
        if (dataSnapshotId == null || dataSnapshotId.isBlank()) {
            throw new IllegalArgumentException("dataSnapshotId is required: train on a data snapshot "
                    + "(the snapshotId of a DataUpdated event)");
        }
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, was " + epochs);
        }
        if (learningRate != null && !(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1], was " + learningRate);
        }
        if (batchSize != null && batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (loraRank != null && loraRank < 1 || loraAlpha != null && loraAlpha < 1) {
            throw new IllegalArgumentException("loraRank and loraAlpha must be positive");
        }
        if (threshold != null && !(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1] (a share, e.g. 0.85 for 85%), was "
                    + threshold);
        }
        statedChanges = statedChanges == null ? List.of() : List.copyOf(statedChanges);
    }

    private static void requireVersionName(String field, String value) {
        if (value != null && !VERSION.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value + "' is not a version name: use v1, v2.1, "
                    + "v3-exp, 2026-01-06 or v2-20260106");
        }
    }

    public boolean isExperimental() {
        return Boolean.TRUE.equals(experimental);
    }
}
