package io.ftcoach.ingest.events;

import io.ftcoach.events.DataRegenerationRequested;
import io.ftcoach.events.DataUpdated;
import io.ftcoach.ingest.domain.DataSourceService;
import io.ftcoach.ingest.domain.TrainedSnapshots;
import io.ftcoach.support.events.EventPublisher;
import io.ftcoach.support.workspace.TaskName;
import org.apache.avro.generic.IndexedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Re-runs a task's data_source.yaml when asked (DataRegenerationRequested) and announces the snapshot with a
 * DataUpdated caused by the request. The named source (every source when none is named) is regenerated: an
 * llm_generated source asks its model again and replaces its cached rows. A run that fails throws: the record is
 * retried and then dead-lettered with the reason, and no DataUpdated is published.
 */
@Component
public class DataRegenerationListener {

    private static final Logger log = LoggerFactory.getLogger(DataRegenerationListener.class);

    private final DataSourceService dataSources;
    private final EventPublisher publisher;
    private final Clock clock;
    private final TrainedSnapshots trained;

    public DataRegenerationListener(DataSourceService dataSources, EventPublisher publisher, Clock clock,
                                    TrainedSnapshots trained) {
        this.dataSources = dataSources;
        this.publisher = publisher;
        this.clock = clock;
        this.trained = trained;
    }

    @KafkaListener(id = "data-ingest-service-data-regeneration", idIsGroup = false,
            topics = "#{T(io.ftcoach.schemas.topics.Topic).DATA_REGENERATION_REQUESTED.topicName()}")
    public void on(IndexedRecord event) {
        if (!(event instanceof DataRegenerationRequested request)) {
            throw new IllegalArgumentException("Expected a DataRegenerationRequested event, got "
                    + event.getSchema().getFullName());
        }
        TaskName task = TaskName.of(request.getEnvelope().getTaskId());
        // asked for explicitly: an llm_generated source asks its model again instead of reusing its cached rows
        DataSourceService.Run run = dataSources.run(task, request.getSourceName(), true);
        DataUpdated updated = DataEvents.dataUpdated(task, run, request.getEnvelope(), clock);
        DataEvents.withChangesSinceTrained(updated, trained.sinceTrainedIfReadable(task, updated.getSnapshotId()));
        publisher.publishAndWait(updated);
        log.info("Data of task '{}' regenerated: snapshot {}", task, run.imported().snapshot().snapshotId());
    }
}
