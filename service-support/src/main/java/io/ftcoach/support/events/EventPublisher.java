package io.ftcoach.support.events;

import io.ftcoach.events.Envelope;
import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.schemas.topics.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes an event to the topic the catalogue assigns to its type, keyed by the task id of its envelope.
 */
public class EventPublisher {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, Object> template;

    public EventPublisher(KafkaTemplate<String, Object> template) {
        this.template = template;
    }

    public CompletableFuture<SendResult<String, Object>> publish(SpecificRecord event) {
        Topic topic = Topic.forEvent(event.getClass());
        Envelope envelope = Envelopes.of(event).orElseThrow(() -> new IllegalArgumentException(
                event.getClass().getSimpleName() + " has no envelope"));
        return template.send(new ProducerRecord<>(topic.topicName(), envelope.getTaskId(), event));
    }

    /** Publishes and waits for the broker's acknowledgement, so a caller can report failure to the person. */
    public SendResult<String, Object> publishAndWait(SpecificRecord event) {
        try {
            return publish(event).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublishingException("Interrupted while publishing " + event.getClass().getSimpleName(), e);
        } catch (ExecutionException e) {
            throw new EventPublishingException("Could not publish " + event.getClass().getSimpleName() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventPublishingException("Kafka did not acknowledge " + event.getClass().getSimpleName()
                    + " within " + SEND_TIMEOUT.toSeconds() + " s; is the broker running?", e);
        }
    }

    public static final class EventPublishingException extends RuntimeException {
        public EventPublishingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
