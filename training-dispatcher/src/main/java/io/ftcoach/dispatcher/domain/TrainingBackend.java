package io.ftcoach.dispatcher.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where jobs run: baseline (in-process), local, ssh, kubernetes, skypilot (ARCHITECTURE.md §5). A backend runs
 * one job to its end on the calling thread, which the dispatcher provides; it reports progress as it goes and
 * answers with the outcome. Expected failures (out of memory, a bad config) are a {@link TrainingOutcome.Failed}
 * with their category; an exception is treated as an unexpected failure.
 */
public interface TrainingBackend {

    /** The name a training request selects it by, e.g. {@code baseline}. */
    String name();

    /** Where its jobs run (host, pod, cluster, cloud), for TrainingStarted; null when there is nothing to say. */
    default String location() {
        return null;
    }

    /**
     * Whether a job that was running when the dispatcher stopped can be picked up by running it again: its work went
     * on without the dispatcher (a detached remote process), and {@link #run} re-attaches to it, or collects what it
     * left when it has ended. False (the default) when the work ended with the dispatcher.
     */
    default boolean reattaches() {
        return false;
    }

    /**
     * The request's settings this backend will not honour, each as {@code name=value (why)}; the dispatcher writes
     * them to the job log so nobody reads a result as the effect of a setting that was never applied. Empty (the
     * default) when it honours them all.
     */
    default List<String> ignoredSettings(JobRequest request) {
        return List.of();
    }

    /**
     * Runs the job.
     *
     * @param taskDir  the task folder: the data splits, configs and scripts are read from it, models written to it
     * @param progress receives progress updates; cheap to call, never throws
     * @throws InterruptedException when the dispatcher stops; the backend stops its work and returns
     */
    TrainingOutcome run(Job job, Path taskDir, Consumer<ProgressUpdate> progress) throws InterruptedException;
}
