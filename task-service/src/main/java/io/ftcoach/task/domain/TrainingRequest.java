package io.ftcoach.task.domain;

import java.util.List;
import java.util.regex.Pattern;

/** A person's request to train one version of a task. */
public record TrainingRequest(String version, String parentVersion, String dataSnapshotId, String backend,
                              String baseModel, String method, Integer loraRank, Integer loraAlpha,
                              int epochs, double learningRate, Integer batchSize, List<String> statedChanges) {

    /** Semantic (v2, v2.1, v3-exp), date (2026-01-06, 20260106) or hybrid (v2-20260106) names, spec §6.1. */
    private static final Pattern VERSION = Pattern.compile(
            "v\\d+(\\.\\d+)?(-exp)?|\\d{4}-\\d{2}-\\d{2}|\\d{8}|v\\d+[-_]\\d{8,10}");

    public TrainingRequest {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version '" + version + "' is not a version name: use v1, v2.1, "
                    + "v3-exp, 2026-01-06 or v2-20260106");
        }
        if (dataSnapshotId == null || dataSnapshotId.isBlank()) {
            throw new IllegalArgumentException("dataSnapshotId is required: train on a data snapshot "
                    + "(the snapshotId of a DataUpdated event)");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, was " + epochs);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive, was " + learningRate);
        }
        baseModel = baseModel == null ? "baseline" : baseModel;
        method = method == null ? "baseline" : method;
        statedChanges = statedChanges == null ? List.of() : List.copyOf(statedChanges);
    }
}
