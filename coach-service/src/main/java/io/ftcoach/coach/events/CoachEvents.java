package io.ftcoach.coach.events;

import io.ftcoach.coach.CoachServiceApplication;
import io.ftcoach.coach.domain.Analysis;
import io.ftcoach.coach.domain.Diagnosis;
import io.ftcoach.events.DiagnosisCompleted;
import io.ftcoach.events.ProposedFix;
import io.ftcoach.coach.domain.ClassScore;
import io.ftcoach.coach.domain.EvaluationResult;
import io.ftcoach.events.AnalysisCompleted;
import io.ftcoach.events.AnalysisDecision;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.schemas.envelope.Envelopes;

import java.time.Clock;

/** Maps the events the coach reads into its domain, and its conclusions into the events it publishes. */
public final class CoachEvents {

    private CoachEvents() {
    }

    public static EvaluationResult evaluation(EvaluationReady e) {
        return new EvaluationResult(e.getEnvelope().getTaskId(), e.getEnvelope().getVersion(), e.getPrimaryMetric(),
                e.getThreshold(), e.getMetrics(), e.getMacroF1(), e.getAccuracy(),
                e.getPerClass().stream().map(c -> new ClassScore(c.getLabel(), c.getPrecision(), c.getRecall(),
                        c.getF1(), c.getSupport())).toList(),
                e.getConfusionLabels(), e.getConfusionMatrix());
    }

    public static AnalysisCompleted analysisCompleted(Analysis a, EvaluationReady cause, Clock clock) {
        return AnalysisCompleted.newBuilder()
                .setEnvelope(Envelopes.causedBy(cause.getEnvelope(), CoachServiceApplication.NAME, clock))
                .setDecision(AnalysisDecision.valueOf(a.decision().name()))
                .setSummary(a.summary()).setComparedWith(a.comparedWith()).setRecommendations(a.recommendations())
                .build();
    }

    /** A diagnosis made in the chat starts its own correlation: it was asked for, not caused by an event. */
    public static DiagnosisCompleted diagnosisCompleted(Diagnosis d, Clock clock) {
        return DiagnosisCompleted.newBuilder()
                .setEnvelope(Envelopes.start(CoachServiceApplication.NAME, d.task(), d.version(), clock))
                .setSymptoms(d.symptoms())
                .setFixes(d.fixes().stream().map(f -> ProposedFix.newBuilder().setPriority(f.priority())
                        .setTitle(f.title()).setCause(f.cause()).setExpectedGain(f.expectedGain())
                        .setDifficulty(f.difficulty()).build()).toList())
                .build();
    }
}
