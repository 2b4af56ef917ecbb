package io.ftcoach.dispatcher.events;

import io.ftcoach.dispatcher.TrainingDispatcherApplication;
import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobArtifact;
import io.ftcoach.dispatcher.domain.JobFailure;
import io.ftcoach.dispatcher.domain.JobRequest;
import io.ftcoach.dispatcher.domain.ProgressUpdate;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.TrainingSettings;
import io.ftcoach.events.Artifact;
import io.ftcoach.events.Envelope;
import io.ftcoach.events.FailureCategory;
import io.ftcoach.events.TrainingCompleted;
import io.ftcoach.events.TrainingConfig;
import io.ftcoach.events.TrainingFailed;
import io.ftcoach.events.TrainingProgress;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.events.TrainingStarted;
import io.ftcoach.schemas.envelope.Envelopes;

import java.time.Clock;

/** Translates between this service's events and its domain: requests in, job events out. */
public final class TrainingEvents {

    private TrainingEvents() {
    }

    public static JobRequest request(TrainingRequested r) {
        Envelope e = r.getEnvelope();
        TrainingConfig c = r.getConfig();
        TrainingSettings settings = new TrainingSettings(c.getBaseModel(), c.getMethod(), c.getLoraRank(),
                c.getLoraAlpha(), c.getLoraDropout(), c.getEpochs(), c.getLearningRate(), c.getBatchSize(),
                c.getExtra());
        return new JobRequest(e.getEventId(), e.getCorrelationId(), e.getOccurredAt(), e.getSource(), e.getTaskId(),
                e.getVersion(), r.getParentVersion(), r.getBackend(), r.getDataSnapshotId(), settings,
                r.getStatedChanges(), r.getResumeFromCheckpoint(), r.getTimeLimitSeconds());
    }

    public static TrainingStarted started(Job job, String location, Clock clock) {
        return TrainingStarted.newBuilder().setEnvelope(envelope(job, clock)).setJobId(job.id())
                .setBackend(job.request().backend()).setAttempt(job.attempt()).setLocation(location).build();
    }

    public static TrainingProgress progress(Job job, ProgressUpdate p, Clock clock) {
        return TrainingProgress.newBuilder().setEnvelope(envelope(job, clock)).setJobId(job.id())
                .setStep(p.step()).setTotalSteps(p.totalSteps()).setEpoch(p.epoch()).setLoss(p.loss())
                .setEvalLoss(p.evalLoss()).setLearningRate(p.learningRate()).setPercent(p.percent())
                .setEtaSeconds(p.etaSeconds()).build();
    }

    public static TrainingCompleted completed(Job job, TrainingOutcome.Succeeded outcome, Clock clock) {
        return TrainingCompleted.newBuilder().setEnvelope(envelope(job, clock)).setJobId(job.id())
                .setBackend(job.request().backend())
                .setArtifacts(outcome.artifacts().stream().map(TrainingEvents::artifact).toList())
                .setMetrics(outcome.metrics()).setDurationMillis(job.runTime().toMillis()).build();
    }

    public static TrainingFailed failed(Job job, Clock clock) {
        JobFailure f = job.failure();
        return TrainingFailed.newBuilder().setEnvelope(envelope(job, clock)).setJobId(job.id())
                .setBackend(job.request().backend()).setCategory(FailureCategory.valueOf(f.category().name()))
                .setReason(f.reason()).setLogTail(f.logTail()).setRetryable(f.retryable())
                .setAttempt(job.attempt()).build();
    }

    /** Every job event is caused by the request the job serves: same task, version and correlation. */
    private static Envelope envelope(Job job, Clock clock) {
        JobRequest r = job.request();
        Envelope cause = new Envelope(r.requestEventId(), r.requestedAt(), r.taskId(), r.version(), r.correlationId(),
                null, r.requestedBy());
        return Envelopes.causedBy(cause, TrainingDispatcherApplication.NAME, clock);
    }

    private static Artifact artifact(JobArtifact a) {
        return Artifact.newBuilder().setKind(a.kind()).setPath(a.path()).setSha256(a.sha256()).build();
    }
}
