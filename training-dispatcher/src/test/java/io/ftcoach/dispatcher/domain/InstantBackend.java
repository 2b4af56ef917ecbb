package io.ftcoach.dispatcher.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A test-only backend that "trains" at once: it reports one progress tick and succeeds with a fixed adapter path
 * and loss, so tests can follow a job through a backend without a real trainer.
 */
public class InstantBackend implements TrainingBackend {

    public static final String NAME = "instant-test";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String location() {
        return "in-process test backend";
    }

    @Override
    public TrainingOutcome run(Job job, Path taskDir, Consumer<ProgressUpdate> progress) {
        progress.accept(new ProgressUpdate(10, 10L, 1.0, 0.25, null, 1e-5, 100.0, 0L));
        return new TrainingOutcome.Succeeded(
                List.of(new JobArtifact("adapter", "models/adapter/" + job.request().version(), null)),
                Map.of("train_loss", 0.25));
    }
}
