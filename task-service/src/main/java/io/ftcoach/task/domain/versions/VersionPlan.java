package io.ftcoach.task.domain.versions;

import io.ftcoach.task.domain.TrainingConfig;

import java.util.List;

/** A new version, named and configured, ready to be requested. */
public record VersionPlan(String version, String parent, ChangeKind kind, TrainingConfig config, Integer batchSize,
                          String backend, String dataSnapshotId, List<String> changes) {

    public VersionPlan {
        changes = List.copyOf(changes);
    }
}
