package io.ftcoach.support.events;

import io.ftcoach.schemas.envelope.Envelopes;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Skips an event whose id this consumer group has already applied, and records the id once the listener has
 * handled it without error. Listeners stay plain: they never see a duplicate.
 */
public final class IdempotentRecordInterceptor implements RecordInterceptor<String, IndexedRecord> {

    private static final Logger log = LoggerFactory.getLogger(IdempotentRecordInterceptor.class);

    private final ProcessedEventStore store;
    private final String consumerGroup;
    private final MeterRegistry meters;

    public IdempotentRecordInterceptor(ProcessedEventStore store, String consumerGroup, MeterRegistry meters) {
        this.store = store;
        this.consumerGroup = consumerGroup;
        this.meters = meters;
    }

    @Override
    public ConsumerRecord<String, IndexedRecord> intercept(ConsumerRecord<String, IndexedRecord> record,
                                                           Consumer<String, IndexedRecord> consumer) {
        String eventId = eventId(record);
        if (eventId != null && store.isProcessed(consumerGroup, eventId)) {
            log.debug("Skipping event {} on {}-{}@{}: already applied by {}", eventId, record.topic(),
                    record.partition(), record.offset(), consumerGroup);
            meters.counter("ftcoach.events.duplicates.skipped", "topic", record.topic()).increment();
            return null;
        }
        return record;
    }

    @Override
    public void success(ConsumerRecord<String, IndexedRecord> record, Consumer<String, IndexedRecord> consumer) {
        String eventId = eventId(record);
        if (eventId != null) {
            store.markProcessed(consumerGroup, eventId);
        }
        meters.counter("ftcoach.events.consumed", "topic", record.topic()).increment();
    }

    private static String eventId(ConsumerRecord<String, IndexedRecord> record) {
        return record.value() == null ? null : Envelopes.of(record.value()).map(e -> e.getEventId()).orElse(null);
    }
}
