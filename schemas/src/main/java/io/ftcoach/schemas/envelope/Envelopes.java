package io.ftcoach.schemas.envelope;

import io.ftcoach.events.Envelope;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/** Builds and reads the envelope every event carries (ARCHITECTURE.md §2). */
public final class Envelopes {

    public static final String FIELD = "envelope";

    private Envelopes() {
    }

    /** The first event of a chain, caused by a person: a new correlation id, no causation. */
    public static Envelope start(String source, String taskId, String version, Clock clock) {
        String id = UUID.randomUUID().toString();
        return Envelope.newBuilder().setEventId(id).setOccurredAt(now(clock)).setTaskId(taskId)
                .setVersion(version).setCorrelationId(id).setCausationId(null).setSource(source).build();
    }

    /** An event caused by another: same task and correlation, causation = the cause's event id. */
    public static Envelope causedBy(Envelope cause, String source, String version, Clock clock) {
        return Envelope.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(now(clock))
                .setTaskId(cause.getTaskId()).setVersion(version).setCorrelationId(cause.getCorrelationId())
                .setCausationId(cause.getEventId()).setSource(source).build();
    }

    /** Same, keeping the cause's version. */
    public static Envelope causedBy(Envelope cause, String source, Clock clock) {
        return causedBy(cause, source, cause.getVersion(), clock);
    }

    /** The envelope of any event record, specific or generic; empty when the record has none. */
    public static Optional<Envelope> of(IndexedRecord event) {
        Schema.Field field = event.getSchema().getField(FIELD);
        if (field == null) {
            return Optional.empty();
        }
        Object value = event.get(field.pos());
        if (value instanceof Envelope envelope) {
            return Optional.of(envelope);
        }
        if (value instanceof IndexedRecord generic) {
            Envelope e = new Envelope();
            for (Schema.Field f : generic.getSchema().getFields()) {
                Schema.Field target = Envelope.getClassSchema().getField(f.name());
                if (target != null) {
                    Object v = generic.get(f.pos());
                    e.put(target.pos(), v instanceof Long millis && target.name().equals("occurredAt")
                            ? Instant.ofEpochMilli(millis) : v == null ? null : v instanceof CharSequence cs ? cs.toString() : v);
                }
            }
            return Optional.of(e);
        }
        return Optional.empty();
    }

    private static Instant now(Clock clock) {
        // the schema keeps milliseconds; truncating here keeps an event equal to itself after a round trip
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
