package io.ftcoach.schemas.evolution;

import io.ftcoach.events.TaskCreated;
import io.ftcoach.schemas.testing.SampleEvents;
import io.ftcoach.schemas.topics.Topic;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event schema stays BACKWARD compatible with its previous released version: a consumer on the current
 * schema reads everything written with the released one, so read models can always be rebuilt from the log.
 */
class SchemaCompatibilityTest {

    @ParameterizedTest
    @EnumSource(Topic.class)
    void currentSchemaReadsTheLatestReleasedOne(Topic topic) {
        Schema current = SpecificData.get().getSchema(topic.eventType());
        List<String> releases = ReleasedSchemas.releases();
        assertThat(releases).as("released schema folders under schemas/src/released").isNotEmpty();
        String latest = releases.get(releases.size() - 1);
        Schema released = ReleasedSchemas.load(latest, topic.eventName()).orElseThrow(() -> new AssertionError(
                topic.eventName() + " has never been released: add it to a new release with "
                        + "./mvnw -pl schemas test -Dtest=SchemaCompatibilityTest -Dftcoach.release=<next>"));

        var result = SchemaCompatibility.checkReaderWriterCompatibility(current, released);
        assertThat(result.getType())
                .as("%s is not BACKWARD compatible with release %s: %s", topic.eventName(), latest,
                        result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void everyReleaseReadsItsPredecessor() {
        List<String> releases = ReleasedSchemas.releases();
        List<String> failures = new ArrayList<>();
        for (int i = 1; i < releases.size(); i++) {
            for (Topic topic : Topic.values()) {
                var older = ReleasedSchemas.load(releases.get(i - 1), topic.eventName());
                var newer = ReleasedSchemas.load(releases.get(i), topic.eventName());
                if (older.isPresent() && newer.isPresent()) {
                    var r = SchemaCompatibility.checkReaderWriterCompatibility(newer.get(), older.get());
                    if (r.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                        failures.add(topic.eventName() + " " + releases.get(i) + " <- " + releases.get(i - 1));
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void theCheckerRejectsAFieldAddedWithoutDefault() {
        Schema released = TaskCreated.getClassSchema();
        Schema broken = withExtraField(released, false);
        var result = SchemaCompatibility.checkReaderWriterCompatibility(broken, released);
        assertThat(result.getType()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(result.getResult().getIncompatibilities())
                .anySatisfy(i -> assertThat(i.getMessage()).contains("reviewer"));
    }

    @Test
    void aConsumerBuiltOnAnOlderSchemaReadsNewerEvents() throws IOException {
        // the producer moved on: TaskCreated gained an optional field
        Schema newer = withExtraField(TaskCreated.getClassSchema(), true);
        TaskCreated event = SampleEvents.of(TaskCreated.class, "entity-sentiment");
        GenericRecord written = new GenericData.Record(newer);
        for (Schema.Field f : TaskCreated.getClassSchema().getFields()) {
            written.put(f.name(), SpecificData.get().deepCopy(f.schema(), event.get(f.pos())));
        }
        written.put("reviewer", "ada");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(newer, SpecificData.get()).write(written, encoder);
        encoder.flush();

        // the consumer still has the generated class of the older schema
        TaskCreated read = new SpecificDatumReader<TaskCreated>(newer, TaskCreated.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(read).isEqualTo(event);
    }

    @Test
    void aConsumerOnTheNewerSchemaReadsOlderEventsWithDefaults() throws IOException {
        Schema newer = withExtraField(TaskCreated.getClassSchema(), true);
        TaskCreated event = SampleEvents.of(TaskCreated.class, "entity-sentiment");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<TaskCreated>(TaskCreated.class).write(event, encoder);
        encoder.flush();

        GenericRecord read = new GenericDatumReader<GenericRecord>(TaskCreated.getClassSchema(), newer)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(read.get("reviewer")).isNull();
        assertThat(read.get("primaryMetric").toString()).isEqualTo(event.getPrimaryMetric());
    }

    @Test
    void releaseWhenAsked() throws IOException {
        // ./mvnw -pl schemas test -Dtest=SchemaCompatibilityTest -Dftcoach.release=1.1 (after the checks above)
        String release = System.getProperty("ftcoach.release");
        if (release != null && !release.isBlank()) {
            ReleasedSchemas.release(release);
            assertThat(ReleasedSchemas.releases()).contains(release);
        } else {
            assertThat(ReleasedSchemas.releases()).isNotEmpty();
        }
    }

    private static Schema withExtraField(Schema base, boolean withDefault) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(withDefault
                ? new Schema.Field("reviewer", SchemaBuilder.unionOf().nullType().and().stringType().endUnion(), null,
                    Schema.Field.NULL_DEFAULT_VALUE)
                : new Schema.Field("reviewer", Schema.create(Schema.Type.STRING), null));
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }
}
