package io.ftcoach.schemas.testing;

import io.ftcoach.events.Envelope;
import io.ftcoach.schemas.envelope.Envelopes;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fully populated instance of any event type, every optional field set, so a round trip exercises the
 * whole schema. Shared with other modules' tests through this module's test jar.
 */
public final class SampleEvents {

    private SampleEvents() {
    }

    public static <T extends SpecificRecord> T of(Class<T> type, String taskId) {
        Schema schema = SpecificData.get().getSchema(type);
        @SuppressWarnings("unchecked")
        T record = (T) SpecificData.get().newRecord(null, schema);
        for (Schema.Field f : schema.getFields()) {
            Object value = f.name().equals(Envelopes.FIELD)
                    ? Envelopes.start("sample-source", taskId, "v1", Clock.systemUTC())
                    : valueFor(f.schema(), f.name());
            record.put(f.pos(), value);
        }
        return record;
    }

    private static Object valueFor(Schema s, String name) {
        if (s.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return Instant.parse("2026-11-25T10:15:30.123Z");
        }
        return switch (s.getType()) {
            case STRING -> "sample " + name;
            case INT -> 3;
            case LONG -> 42L;
            case DOUBLE -> 0.815;
            case FLOAT -> 0.5f;
            case BOOLEAN -> true;
            case ENUM -> SpecificData.get().createEnum(s.getEnumSymbols().get(s.getEnumSymbols().size() - 1), s);
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                list.add(valueFor(s.getElementType(), name));
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("k-" + name, valueFor(s.getValueType(), name));
                yield map;
            }
            case UNION -> valueFor(s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL)
                    .findFirst().orElseThrow(), name);
            case RECORD -> {
                if (s.getFullName().equals(Envelope.getClassSchema().getFullName())) {
                    yield Envelopes.start("sample-source", "sample-task", "v1", Clock.systemUTC());
                }
                SpecificRecord nested = (SpecificRecord) SpecificData.get().newRecord(null, s);
                for (Schema.Field f : s.getFields()) {
                    nested.put(f.pos(), valueFor(f.schema(), f.name()));
                }
                yield nested;
            }
            default -> throw new IllegalArgumentException("no sample for " + s.getType() + " field " + name);
        };
    }
}
