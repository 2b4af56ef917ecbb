package io.ftcoach.lineage.events;

import io.ftcoach.events.Envelope;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.events.TrainingCompleted;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.lineage.domain.LineageStore;
import io.ftcoach.lineage.domain.Section;
import io.ftcoach.lineage.domain.VersionLineage;
import io.ftcoach.lineage.domain.VersionName;
import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.support.events.EventPublisher;
import io.ftcoach.support.workspace.TaskName;
import org.apache.avro.generic.IndexedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.function.Function;

/**
 * Records a version's request, artefacts and results into {@code versions/<v>/lineage.yaml} and announces each
 * change with VersionRecorded.
 */
@Component
public class VersionListener {

    private static final Logger log = LoggerFactory.getLogger(VersionListener.class);

    private final LineageStore store;
    private final EventPublisher publisher;
    private final Clock clock;

    public VersionListener(LineageStore store, EventPublisher publisher, Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
    }

    @KafkaListener(id = "lineage-service-versions", idIsGroup = false, topics = {
            "#{T(io.ftcoach.schemas.topics.Topic).TRAINING_REQUESTED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).TRAINING_COMPLETED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).EVALUATION_READY.topicName()}"})
    public void on(IndexedRecord event) {
        String type = event.getSchema().getName();
        Envelope envelope = Envelopes.of(event).orElseThrow(() -> new IllegalArgumentException(
                type + " has no envelope; lineage cannot tell which task and version it concerns"));
        if (envelope.getVersion() == null) {
            // an event without a version cannot be filed; the error handler sends it to the dead-letter topic
            throw new IllegalArgumentException(type + " " + envelope.getEventId() + " for task '"
                    + envelope.getTaskId() + "' has no envelope.version; lineage records versions only");
        }
        TaskName task = TaskName.of(envelope.getTaskId());
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
        } else {
            throw new IllegalArgumentException("lineage-service does not handle " + type + " on this listener");
        }
        LineageStore.Recorded recorded = store.apply(task, version, merge);
        if (recorded.outcome() == Section.Merge.SUPERSEDED) {
            log.info("{} {} for {} {} is older than the one already recorded; lineage unchanged",
                    type, envelope.getEventId(), task, version);
            return;
        }
        // ALREADY_APPLIED is published again too: a crash may have come between the write and the publish
        publisher.publishAndWait(LineageEvents.versionRecorded(recorded, envelope, clock));
    }
}
