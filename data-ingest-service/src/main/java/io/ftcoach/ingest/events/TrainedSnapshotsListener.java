package io.ftcoach.ingest.events;

import io.ftcoach.events.TrainingCompleted;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.ingest.domain.TrainedSnapshots;
import io.ftcoach.support.workspace.TaskName;
import org.apache.avro.generic.IndexedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Remembers which snapshot each version was trained on: TrainingRequested names it, TrainingCompleted makes the
 * version the latest trained one. A new snapshot's DataUpdated then says what changed since that data.
 */
@Component
public class TrainedSnapshotsListener {

    private static final Logger log = LoggerFactory.getLogger(TrainedSnapshotsListener.class);

    private final TrainedSnapshots trained;

    public TrainedSnapshotsListener(TrainedSnapshots trained) {
        this.trained = trained;
    }

    @KafkaListener(id = "data-ingest-service-training-requested", idIsGroup = false,
            topics = "#{T(io.ftcoach.schemas.topics.Topic).TRAINING_REQUESTED.topicName()}")
    public void onRequested(IndexedRecord event) {
        if (!(event instanceof TrainingRequested requested)) {
            throw new IllegalArgumentException("Expected a TrainingRequested event, got "
                    + event.getSchema().getFullName());
        }
        String version = requested.getEnvelope().getVersion();
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("TrainingRequested " + requested.getEnvelope().getEventId()
                    + " names no version (envelope.version): it cannot be told apart from other trainings");
        }
        TaskName task = TaskName.of(requested.getEnvelope().getTaskId());
        if (trained.requested(task, version, requested.getDataSnapshotId(), requested.getEnvelope().getOccurredAt())) {
            log.info("Version {} of task '{}' is trained on snapshot {}", version, task, requested.getDataSnapshotId());
        } else {
            log.info("TrainingRequested for task '{}', which this workspace does not hold: not recorded", task);
        }
    }

    @KafkaListener(id = "data-ingest-service-training-completed", idIsGroup = false,
            topics = "#{T(io.ftcoach.schemas.topics.Topic).TRAINING_COMPLETED.topicName()}")
    public void onCompleted(IndexedRecord event) {
        if (!(event instanceof TrainingCompleted completed)) {
            throw new IllegalArgumentException("Expected a TrainingCompleted event, got "
                    + event.getSchema().getFullName());
        }
        String version = completed.getEnvelope().getVersion();
        TaskName task = TaskName.of(completed.getEnvelope().getTaskId());
        Instant at = completed.getEnvelope().getOccurredAt();
        if (version == null || !trained.completed(task, version, at)) {
            log.info("TrainingCompleted for version {} of task '{}' without a recorded request: its data snapshot "
                    + "is unknown here", version, task);
        }
    }
}
