package io.ftcoach.lineage.events;

import io.ftcoach.lineage.domain.LineageStore;
import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.support.events.EventPublisher;
import org.apache.avro.generic.IndexedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Optional;

/**
 * Records data snapshots, a version's request, artefacts, results, deployments and the coach's analysis into
 * {@code versions/<v>/} and announces each change of a version with VersionRecorded.
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
            "#{T(io.ftcoach.schemas.topics.Topic).DATA_UPDATED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).TRAINING_REQUESTED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).TRAINING_COMPLETED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).EVALUATION_READY.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).MODEL_DEPLOYED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).ANALYSIS_COMPLETED.topicName()}"})
    public void on(IndexedRecord event) {
        Optional<LineageStore.Recorded> recorded = LineageRecorder.record(store, event);
        if (recorded.isEmpty()) {
            return;   // a data snapshot: the versions trained on it were rendered again, none of them announced
        }
        LineageStore.Recorded r = recorded.get();
        var envelope = Envelopes.of(event).orElseThrow();
        if (r.retired()) {
            log.info("{} {} is for {} {}, which retention removed; recorded in its retired state, not announced",
                    event.getSchema().getName(), envelope.getEventId(), r.task(), r.lineage().version());
            return;
        }
        if (!LineageRecorder.announces(r)) {
            log.info("{} {} for {} {} is older than the one already recorded; lineage unchanged",
                    event.getSchema().getName(), envelope.getEventId(), r.task(), r.lineage().version());
            return;
        }
        // ALREADY_APPLIED is published again too: a crash may have come between the write and the publish
        publisher.publishAndWait(LineageEvents.versionRecorded(r, envelope, clock));
    }
}
