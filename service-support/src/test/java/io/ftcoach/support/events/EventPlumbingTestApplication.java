package io.ftcoach.support.events;

import io.ftcoach.events.TaskCreated;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A minimal service that uses the shared plumbing the way every real one does. */
@SpringBootApplication
class EventPlumbingTestApplication {

    /** Counts how often each event was applied; fails for events of domain 'poison', as a broken handler would. */
    @Component
    static class CountingListener {
        final Map<String, Integer> applied = new ConcurrentHashMap<>();
        final List<String> order = new CopyOnWriteArrayList<>();

        @KafkaListener(id = "support-test-task-created", idIsGroup = false,
                topics = "#{T(io.ftcoach.schemas.topics.Topic).TASK_CREATED.topicName()}")
        void on(TaskCreated event) {
            if ("poison".equals(event.getDomain())) {
                throw new IllegalStateException("cannot handle task " + event.getEnvelope().getTaskId());
            }
            applied.merge(event.getEnvelope().getEventId(), 1, Integer::sum);
            order.add(event.getEnvelope().getTaskId());
        }
    }
}
