package io.ftcoach.ingest.events;

import io.ftcoach.events.TaskCreated;
import io.ftcoach.ingest.domain.DataWorkspace;
import io.ftcoach.support.workspace.TaskName;
import org.apache.avro.generic.IndexedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.nio.file.Path;

/** A new task gets the data folder this service fills: {@code data/raw/}. */
@Component
public class TaskCreatedListener {

    private static final Logger log = LoggerFactory.getLogger(TaskCreatedListener.class);

    private final DataWorkspace data;

    public TaskCreatedListener(DataWorkspace data) {
        this.data = data;
    }

    @KafkaListener(id = "data-ingest-service-task-created", idIsGroup = false,
            topics = "#{T(io.ftcoach.schemas.topics.Topic).TASK_CREATED.topicName()}")
    public void on(IndexedRecord event) {
        if (!(event instanceof TaskCreated created)) {
            throw new IllegalArgumentException("Expected a TaskCreated event, got " + event.getSchema().getFullName());
        }
        // the task folder is the task name under the shared workspace root (taskPath says the same, relative to it)
        Path raw = data.ensureRawFolder(TaskName.of(created.getEnvelope().getTaskId()));
        log.info("Task '{}' created: its raw data folder is {}", created.getEnvelope().getTaskId(), raw);
    }
}
