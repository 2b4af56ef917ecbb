package io.ftcoach.infra.registry.core;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Schema evolution rules with Avro's own {@link SchemaCompatibility}, so the registry judges exactly as Avro's
 * schema resolution will decode. Each problem is reported as
 * {@code TYPE at /json/pointer field 'a.b': what is wrong}, where the pointer and the field path refer to the
 * reading schema of the failed pair.
 */
public final class CompatibilityChecker {

    private CompatibilityChecker() {
    }

    /**
     * Checks a candidate against earlier versions.
     *
     * @param earlier live versions, oldest first; only the newest is checked unless the level is transitive
     * @return the problems found, empty when the candidate may be registered
     */
    public static List<String> check(Schema candidate, List<SchemaVersion> earlier, CompatibilityLevel level) {
        if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
            return List.of();
        }
        List<SchemaVersion> against = new ArrayList<>(level.transitive() ? earlier : earlier.subList(earlier.size() - 1, earlier.size()));
        Collections.reverse(against); // newest first: the most relevant problems lead the message
        Set<String> problems = new LinkedHashSet<>();
        for (SchemaVersion old : against) {
            String oldName = "version " + old.version();
            if (level.backward()) {
                problems.addAll(describe(candidate, "the new schema", old.avro(), oldName));
            }
            if (level.forward()) {
                problems.addAll(describe(old.avro(), oldName, candidate, "the new schema"));
            }
        }
        return List.copyOf(problems);
    }

    private static List<String> describe(Schema reader, String readerName, Schema writer, String writerName) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (result.getCompatibility() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Incompatibility i : result.getIncompatibilities()) {
            String field = fieldPath(reader, i.getLocation());
            out.add(i.getType() + " at " + i.getLocation() + (field.isEmpty() ? "" : " field '" + field + "'")
                    + ": " + explain(i, field, readerName, writerName));
        }
        return out;
    }

    private static String explain(Incompatibility i, String field, String reader, String writer) {
        String message = i.getMessage();
        return switch (i.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE -> reader + " has field '" + (field.isEmpty() ? message : field)
                    + "' with no default value and " + writer + " lacks it, so " + reader
                    + " cannot read data written with " + writer + "; give the field a default value";
            case TYPE_MISMATCH -> message + " (" + reader + " reading data written with " + writer + ")";
            case MISSING_UNION_BRANCH -> message + " (" + reader + " reading data written with " + writer + ")";
            case MISSING_ENUM_SYMBOLS -> "the enum of " + reader + " lacks symbols " + message + " that " + writer
                    + " may write, and it has no default symbol";
            case NAME_MISMATCH -> "named types differ, " + message + " (" + reader + " reading " + writer + ")";
            case FIXED_SIZE_MISMATCH -> "fixed sizes differ, " + message + " (" + reader + " reading " + writer + ")";
            default -> message + " (" + reader + " reading data written with " + writer + ")";
        };
    }

    /**
     * Dotted names of the record fields a location points into, e.g. {@code /fields/1/type/fields/2} gives
     * {@code payload.reviewer}. Stops at a union branch index: those count branches of the writer's union.
     */
    static String fieldPath(Schema root, String location) {
        if (location == null || location.isEmpty()) {
            return "";
        }
        String[] tokens = location.split("/");
        List<String> names = new ArrayList<>();
        Schema current = root;
        for (int t = 1; t < tokens.length; t++) {
            String token = tokens[t];
            if (token.equals("fields") && t + 1 < tokens.length && current.getType() == Schema.Type.RECORD) {
                int index;
                try {
                    index = Integer.parseInt(tokens[++t]);
                } catch (NumberFormatException e) {
                    break;
                }
                if (index < 0 || index >= current.getFields().size()) {
                    break;
                }
                Schema.Field f = current.getFields().get(index);
                names.add(f.name());
                current = f.schema();
            } else if (token.equals("type")) {
                continue;
            } else if (token.equals("items") && current.getType() == Schema.Type.ARRAY) {
                current = current.getElementType();
            } else if (token.equals("values") && current.getType() == Schema.Type.MAP) {
                current = current.getValueType();
            } else {
                break;
            }
        }
        return String.join(".", names);
    }
}
