package io.ftcoach.dispatcher.domain;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A test-only backend that reports one progress tick and then "trains" until it is interrupted (at most a minute,
 * then it fails as a timeout), so tests can cancel a job while it runs.
 */
public class SlowBackend implements TrainingBackend {

    public static final String NAME = "slow-test";

    private final CountDownLatch running = new CountDownLatch(1);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String location() {
        return "in-process slow test backend";
    }

    /** Waits until a job has reported its progress and is waiting to be interrupted. */
    public boolean awaitRunning(long seconds) throws InterruptedException {
        return running.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public TrainingOutcome run(Job job, Path taskDir, Consumer<ProgressUpdate> progress) throws InterruptedException {
        progress.accept(new ProgressUpdate(1, 100L, 0.01, 2.5, null, 1e-5, 1.0, 600L));
        running.countDown();
        Thread.sleep(60_000);
        return new TrainingOutcome.Failed(new JobFailure(FailureCategory.TIMEOUT,
                "The slow test backend was not interrupted within a minute", "", false));
    }
}
