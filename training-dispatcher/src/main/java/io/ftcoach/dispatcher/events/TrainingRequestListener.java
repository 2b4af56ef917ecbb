package io.ftcoach.dispatcher.events;

import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.TrainingDispatcher;
import io.ftcoach.events.TrainingRequested;
import org.apache.avro.generic.IndexedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** A training request becomes a queued job; the job runs on the dispatcher's workers, not on this consumer. */
@Component
public class TrainingRequestListener {

    private static final Logger log = LoggerFactory.getLogger(TrainingRequestListener.class);

    private final TrainingDispatcher dispatcher;

    public TrainingRequestListener(TrainingDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @KafkaListener(id = "training-dispatcher-requests", idIsGroup = false,
            topics = "#{T(io.ftcoach.schemas.topics.Topic).TRAINING_REQUESTED.topicName()}")
    public void on(IndexedRecord event) {
        if (!(event instanceof TrainingRequested requested)) {
            throw new IllegalArgumentException("Expected a TrainingRequested event, got " + event.getSchema().getFullName());
        }
        Job job = dispatcher.submit(TrainingEvents.request(requested));
        log.info("Training of task '{}' version {} on backend '{}' is job {}", job.request().taskId(),
                job.request().version(), job.request().backend(), job.id());
    }
}
