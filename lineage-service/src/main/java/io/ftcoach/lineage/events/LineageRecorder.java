package io.ftcoach.lineage.events;

import io.ftcoach.events.AnalysisCompleted;
import io.ftcoach.events.DataUpdated;
import io.ftcoach.events.Envelope;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.events.ModelDeployed;
import io.ftcoach.events.TrainingCompleted;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.lineage.domain.LineageStore;
import io.ftcoach.lineage.domain.Section;
import io.ftcoach.lineage.domain.VersionLineage;
import io.ftcoach.lineage.domain.VersionName;
import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.schemas.topics.Topic;
import io.ftcoach.support.workspace.TaskName;
import org.apache.avro.generic.IndexedRecord;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Records one consumed event into a {@link LineageStore}: the one mapping from events to lineage, shared by the
 * live listener and by a rebuild from the topics, so both write the same files.
 */
public final class LineageRecorder {

    /** Every topic lineage is built from; a rebuild replays exactly these. */
    public static final List<Topic> TOPICS = List.of(Topic.DATA_UPDATED, Topic.TRAINING_REQUESTED,
            Topic.TRAINING_COMPLETED, Topic.EVALUATION_READY, Topic.MODEL_DEPLOYED, Topic.ANALYSIS_COMPLETED);

    private LineageRecorder() {
    }

    /**
     * Records the event. Returns what was recorded for a version's own event, or empty for a data snapshot, which
     * belongs to the task rather than to one version.
     *
     * @throws IllegalArgumentException for an event lineage cannot file (no envelope, no version, unsafe names)
     */
    public static Optional<LineageStore.Recorded> record(LineageStore store, IndexedRecord event) {
        String type = event.getSchema().getName();
        Envelope envelope = Envelopes.of(event).orElseThrow(() -> new IllegalArgumentException(
                type + " has no envelope; lineage cannot tell which task and version it concerns"));
        TaskName task = TaskName.of(envelope.getTaskId());
        if (event instanceof DataUpdated e) {
            store.applySnapshot(task, LineageEvents.data(e));
            return Optional.empty();
        }
        if (envelope.getVersion() == null) {
            // an event without a version cannot be filed; the error handler sends it to the dead-letter topic
            throw new IllegalArgumentException(type + " " + envelope.getEventId() + " for task '"
                    + envelope.getTaskId() + "' has no envelope.version; lineage records versions only");
        }
        VersionName version = VersionName.of(envelope.getVersion());
        Function<VersionLineage, VersionLineage.Merged> merge;
        if (event instanceof TrainingRequested e) {
            var section = LineageEvents.request(e);
            merge = l -> l.merge(section);
        } else if (event instanceof TrainingCompleted e) {
            var section = LineageEvents.model(e);
            merge = l -> l.merge(section);
        } else if (event instanceof EvaluationReady e) {
            var section = LineageEvents.results(e);
            merge = l -> l.merge(section);
        } else if (event instanceof ModelDeployed e) {
            var section = LineageEvents.deployment(e);
            merge = l -> l.merge(section);
        } else if (event instanceof AnalysisCompleted e) {
            var section = LineageEvents.analysis(e);
            merge = l -> l.merge(section);
        } else {
            throw new IllegalArgumentException("lineage-service does not record " + type);
        }
        return Optional.of(store.apply(task, version, merge));
    }

    /** Whether a recorded outcome is worth announcing: a superseded section changed nothing. */
    static boolean announces(LineageStore.Recorded r) {
        return r.outcome() != Section.Merge.SUPERSEDED;
    }
}
