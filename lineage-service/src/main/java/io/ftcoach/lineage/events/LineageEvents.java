package io.ftcoach.lineage.events;

import io.ftcoach.events.AnalysisCompleted;
import io.ftcoach.events.Artifact;
import io.ftcoach.events.ClassMetrics;
import io.ftcoach.events.DataUpdated;
import io.ftcoach.events.Envelope;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.events.ModelDeployed;
import io.ftcoach.events.RowChanges;
import io.ftcoach.events.TrainingCompleted;
import io.ftcoach.events.TrainingConfig;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.events.VersionRecorded;
import io.ftcoach.lineage.LineageServiceApplication;
import io.ftcoach.lineage.domain.AnalysisSection;
import io.ftcoach.lineage.domain.ClassScore;
import io.ftcoach.lineage.domain.DataSection;
import io.ftcoach.lineage.domain.DeploymentSection;
import io.ftcoach.lineage.domain.EventRef;
import io.ftcoach.lineage.domain.LineageStore;
import io.ftcoach.lineage.domain.ModelSection;
import io.ftcoach.lineage.domain.RequestSection;
import io.ftcoach.lineage.domain.ResultsSection;
import io.ftcoach.lineage.domain.TrainingSettings;
import io.ftcoach.lineage.domain.VersionLineage;
import io.ftcoach.schemas.envelope.Envelopes;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns the events lineage consumes into lineage sections, and a recorded lineage into VersionRecorded. */
public final class LineageEvents {

    private LineageEvents() {
    }

    public static RequestSection request(TrainingRequested e) {
        TrainingConfig c = e.getConfig();
        return new RequestSection(ref(e.getEnvelope()), e.getParentVersion(), e.getDataSnapshotId(),
                new TrainingSettings(c.getBaseModel(), c.getMethod(), c.getLoraRank(), c.getLoraAlpha(),
                        c.getLoraDropout(), c.getEpochs(), c.getLearningRate(), c.getBatchSize()),
                e.getStatedChanges());
    }

    public static ResultsSection results(EvaluationReady e) {
        return new ResultsSection(ref(e.getEnvelope()), e.getMacroF1(), e.getAccuracy(),
                e.getPerClass().stream().map(LineageEvents::score).toList(), e.getPrimaryMetric(),
                primaryValue(e), e.getThreshold(), e.getPassed());
    }

    public static DataSection data(DataUpdated e) {
        RowChanges c = e.getChangesSinceTrained();
        return new DataSection(ref(e.getEnvelope()), e.getSnapshotId(), e.getParentSnapshotId(),
                e.getDataSourceSha256(), e.getTrainCount(), e.getValidCount(), e.getTestCount(),
                e.getClassDistribution().entrySet().stream().collect(Collectors.toMap(
                        en -> en.getKey().toString(), Map.Entry::getValue)),
                e.getFiles().stream().map(f -> new DataSection.DataFile(f.getKind(), f.getPath(), f.getSha256()))
                        .toList(),
                e.getSourcePositions().stream().map(p -> new DataSection.SourcePosition(p.getSourceName(),
                        p.getSourceType(), p.getPosition())).toList(),
                c == null ? null : new DataSection.RowChanges(c.getSinceSnapshotId(), c.getSinceVersion(),
                        c.getAdded(), c.getChanged(), c.getRemoved()));
    }

    public static DeploymentSection deployment(ModelDeployed e) {
        return new DeploymentSection(ref(e.getEnvelope()), e.getTarget(), e.getLocation(),
                e.getArtifacts().stream().map(LineageEvents::artifact).toList());
    }

    public static AnalysisSection analysis(AnalysisCompleted e) {
        return new AnalysisSection(ref(e.getEnvelope()), e.getDecision().name(), e.getSummary(),
                e.getComparedWith(), e.getRecommendations());
    }

    public static ModelSection model(TrainingCompleted e) {
        return new ModelSection(ref(e.getEnvelope()), e.getJobId(), e.getBackend(),
                e.getArtifacts().stream().map(LineageEvents::artifact).toList());
    }

    public static VersionRecorded versionRecorded(LineageStore.Recorded r, Envelope cause, Clock clock) {
        VersionLineage l = r.lineage();
        ResultsSection results = l.results();
        return VersionRecorded.newBuilder()
                .setEnvelope(Envelopes.causedBy(cause, LineageServiceApplication.NAME, l.version().value(), clock))
                .setParentVersion(l.parent()).setLineagePath(r.lineagePath()).setDataSnapshotId(l.dataSnapshotId())
                .setChanges(r.changes())
                .setPrimaryMetric(results == null ? null : results.primaryMetric())
                .setPrimaryValue(results == null ? null : results.primaryValue())
                .build();
    }

    /**
     * The task's own primary metric: from the {@code metrics} map by name, else the dedicated field for the two
     * metrics every evaluation has; null when the evaluation did not report it (never a different metric).
     */
    static Double primaryValue(EvaluationReady e) {
        String wanted = normalise(e.getPrimaryMetric());
        for (Map.Entry<String, Double> m : e.getMetrics().entrySet()) {
            if (normalise(m.getKey()).equals(wanted)) {
                return m.getValue();
            }
        }
        return switch (wanted) {
            case "macrof1" -> e.getMacroF1();
            case "accuracy" -> e.getAccuracy();
            default -> null;
        };
    }

    /** macro_f1, macroF1 and macro-f1 name the same metric. */
    private static String normalise(String metric) {
        return metric.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }

    private static EventRef ref(Envelope e) {
        return new EventRef(e.getEventId(), e.getOccurredAt());
    }

    private static ClassScore score(ClassMetrics m) {
        return new ClassScore(m.getLabel(), m.getPrecision(), m.getRecall(), m.getF1());
    }

    private static ModelSection.Artifact artifact(Artifact a) {
        return new ModelSection.Artifact(a.getKind(), a.getPath());
    }
}
