package io.ftcoach.dispatcher.domain;

import java.util.List;
import java.util.Map;

/** How a backend's run ended. */
public sealed interface TrainingOutcome {

    /** @param metrics train_loss, eval_loss, runtime … as the trainer reported them */
    record Succeeded(List<JobArtifact> artifacts, Map<String, Double> metrics) implements TrainingOutcome {
        public Succeeded {
            artifacts = List.copyOf(artifacts);
            metrics = Map.copyOf(metrics);
        }
    }

    record Failed(JobFailure failure) implements TrainingOutcome {
    }
}
