package io.ftcoach.schemas.envelope;

import io.ftcoach.events.Envelope;
import io.ftcoach.events.TaskCreated;
import io.ftcoach.schemas.testing.SampleEvents;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopesTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00.123456Z"), ZoneOffset.UTC);

    @Test
    void aChainKeepsItsCorrelationAndPointsAtItsCause() {
        Envelope first = Envelopes.start("task-service", "entity-sentiment", null, clock);
        Envelope second = Envelopes.causedBy(first, "training-dispatcher", "v1", clock);

        assertThat(first.getCorrelationId()).isEqualTo(first.getEventId());
        assertThat(first.getCausationId()).isNull();
        assertThat(first.getOccurredAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00.123Z"));
        assertThat(second.getCorrelationId()).isEqualTo(first.getEventId());
        assertThat(second.getCausationId()).isEqualTo(first.getEventId());
        assertThat(second.getEventId()).isNotEqualTo(first.getEventId());
        assertThat(second.getTaskId()).isEqualTo("entity-sentiment");
        assertThat(second.getVersion()).isEqualTo("v1");
    }

    @Test
    void readsTheEnvelopeOfSpecificAndGenericRecords() throws java.io.IOException {
        TaskCreated event = SampleEvents.of(TaskCreated.class, "entity-sentiment");
        assertThat(Envelopes.of(event)).contains(event.getEnvelope());

        var out = new java.io.ByteArrayOutputStream();
        var encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<TaskCreated>(TaskCreated.class).write(event, encoder);
        encoder.flush();
        GenericData.Record generic = new org.apache.avro.generic.GenericDatumReader<GenericData.Record>(event.getSchema())
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(Envelopes.of(generic).map(Envelope::getEventId)).contains(event.getEnvelope().getEventId());

        assertThat(Envelopes.of(event.getEnvelope())).isEmpty();
    }
}
