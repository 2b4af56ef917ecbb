package io.ftcoach.dispatcher.domain;

import io.ftcoach.dispatcher.domain.evaluation.Evaluator;

/** Tells the rest of the platform what happens to jobs; the events layer turns each call into an event. */
public interface JobEventSink {

    /** @param location where it runs, or null */
    void started(Job job, String location);

    void progress(Job job, ProgressUpdate update);

    void completed(Job job, TrainingOutcome.Succeeded outcome);

    /** The job is failed; {@link Job#failure()} says why. */
    void failed(Job job);

    /** The succeeded job's test predictions were evaluated; called after {@link #completed}. */
    void evaluated(Job job, Evaluator.Result result);
}
