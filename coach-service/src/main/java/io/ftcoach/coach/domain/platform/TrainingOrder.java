package io.ftcoach.coach.domain.platform;

import java.util.List;

/** A request to train one version (task-service's POST /api/tasks/{name}/trainings body). */
public record TrainingOrder(String version, String parentVersion, String dataSnapshotId, String backend,
                            String baseModel, String method, Integer loraRank, Integer loraAlpha, int epochs,
                            double learningRate, Integer batchSize, List<String> statedChanges) {

    public TrainingOrder {
        statedChanges = statedChanges == null ? List.of() : List.copyOf(statedChanges);
    }
}
