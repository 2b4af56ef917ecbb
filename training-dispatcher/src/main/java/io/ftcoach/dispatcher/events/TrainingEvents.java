package io.ftcoach.dispatcher.events;

import io.ftcoach.dispatcher.TrainingDispatcherApplication;
import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobArtifact;
import io.ftcoach.dispatcher.domain.JobFailure;
import io.ftcoach.dispatcher.domain.JobRequest;
import io.ftcoach.dispatcher.domain.ProgressUpdate;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.TrainingSettings;
import io.ftcoach.dispatcher.domain.evaluation.ClassificationMetrics;
import io.ftcoach.dispatcher.domain.evaluation.EntityError;
import io.ftcoach.dispatcher.domain.evaluation.Evaluation;
import io.ftcoach.dispatcher.domain.evaluation.EvaluationVerdict;
import io.ftcoach.dispatcher.domain.evaluation.Evaluator;
import io.ftcoach.dispatcher.domain.evaluation.NerEvaluation;
import io.ftcoach.dispatcher.domain.evaluation.NerMetrics;
import io.ftcoach.events.Artifact;
import io.ftcoach.events.ClassMetrics;
import io.ftcoach.events.ErrorSample;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.events.Envelope;
import io.ftcoach.events.FailureCategory;
import io.ftcoach.events.TrainingCompleted;
import io.ftcoach.events.TrainingConfig;
import io.ftcoach.events.TrainingFailed;
import io.ftcoach.events.TrainingProgress;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.events.TrainingStarted;
import io.ftcoach.schemas.envelope.Envelopes;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
        Envelope envelope = envelope(job, clock);
        envelope.setEventId(completedEventId(job));
        return TrainingCompleted.newBuilder().setEnvelope(envelope).setJobId(job.id())
                .setBackend(job.request().backend())
                .setArtifacts(outcome.artifacts().stream().map(TrainingEvents::artifact).toList())
                .setMetrics(outcome.metrics()).setDurationMillis(job.runTime().toMillis()).build();
    }

    /**
     * The eventId of a job's TrainingCompleted, derived from the job id: the job's EvaluationReady names it as its
     * cause without having to remember it, and a completion announced twice (a retry) keeps its id, so consumers
     * apply it once.
     */
    public static String completedEventId(Job job) {
        return UUID.nameUUIDFromBytes(("training-completed:" + job.id()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The evaluation of a succeeded job: caused by its TrainingCompleted (same task, version and correlation as the
     * request); pass/fail on the task's own primary metric.
     */
    public static EvaluationReady evaluationReady(Job job, Evaluator.Result result, Clock clock) {
        Envelope completed = envelope(job, clock);
        completed.setEventId(completedEventId(job));
        Envelope envelope = Envelopes.causedBy(completed, TrainingDispatcherApplication.NAME, clock);
        EvaluationVerdict v = result.evaluation();
        EvaluationReady.Builder ready = v instanceof NerEvaluation ner ? entities(ner) : labelled((Evaluation) v);
        return ready.setEnvelope(envelope).setSplit(v.split()).setPrimaryMetric(v.criteria().primaryMetric())
                .setThreshold(v.criteria().threshold()).setPassed(v.passed())
                .setPredictionsPath(result.predictionsPath()).build();
    }

    private static EvaluationReady.Builder labelled(Evaluation e) {
        ClassificationMetrics m = e.metrics();
        List<List<Long>> matrix = new ArrayList<>();
        for (long[] row : m.confusion()) {
            matrix.add(Arrays.stream(row).boxed().toList());
        }
        Map<String, Double> metrics = new LinkedHashMap<>(m.asMap());
        return EvaluationReady.newBuilder()
                .setAccuracy(m.accuracy()).setMacroF1(m.macroF1())
                .setPerClass(m.perClass().stream().map(c -> ClassMetrics.newBuilder().setLabel(c.label())
                        .setPrecision(c.precision()).setRecall(c.recall()).setF1(c.f1()).setSupport(c.support())
                        .build()).toList())
                .setConfusionLabels(m.labels()).setConfusionMatrix(matrix)
                .setErrorSamples(e.errorSamples().stream().map(p -> ErrorSample.newBuilder().setText(p.input())
                        .setExpected(p.gold()).setPredicted(p.predicted()).build()).toList())
                .setMetrics(metrics);
    }

    /**
     * An extraction task's evaluation in the event's fields (the schema is the classification one): perClass holds
     * the exact-match scores per entity type, macroF1 their unweighted mean, and accuracy the share of sentences
     * whose entity set is exactly right; there is no confusion matrix between entity types. Each error sample is one
     * wrong entity ({@code 台積電 (ORG)}; empty on the side that has none).
     */
    private static EvaluationReady.Builder entities(NerEvaluation e) {
        NerMetrics m = e.metrics();
        return EvaluationReady.newBuilder()
                .setAccuracy(m.sentenceAccuracy()).setMacroF1(m.macro(NerMetrics.Counts::f1))
                .setPerClass(m.perType().stream().map(t -> ClassMetrics.newBuilder().setLabel(t.type())
                        .setPrecision(t.counts().precision()).setRecall(t.counts().recall()).setF1(t.counts().f1())
                        .setSupport(t.support()).build()).toList())
                .setConfusionLabels(List.of()).setConfusionMatrix(List.of())
                .setErrorSamples(e.errorSamples().stream().map(err -> ErrorSample.newBuilder().setText(err.input())
                        .setExpected(EntityError.describe(err.expected()))
                        .setPredicted(EntityError.describe(err.predicted())).build()).toList())
                .setMetrics(new LinkedHashMap<>(m.asMap()));
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
