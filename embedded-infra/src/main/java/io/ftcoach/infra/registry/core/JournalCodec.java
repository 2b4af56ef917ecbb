package io.ftcoach.infra.registry.core;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * JSON form of journal entries as Kafka record keys and values, in the spirit of Confluent's {@code _schemas} topic
 * (a {@code keytype} plus {@code magic} version in every key) but not byte-compatible with it.
 *
 * <pre>
 * SCHEMA  key {"keytype":"SCHEMA","magic":1,"subject":s,"version":v,"nonce":n}
 *         value {"subject":s,"version":v,"id":i,"schemaType":"AVRO","schema":"..."}
 * CONFIG  key {"keytype":"CONFIG","magic":1,"subject":s}   (no subject: global)
 *         value {"compatibilityLevel":"FULL"}, or a null value (tombstone) to remove a subject's level
 * DELETE_SUBJECT key {"keytype":"DELETE_SUBJECT","magic":1,"subject":s,"nonce":n}  value {"subject":s}
 * </pre>
 *
 * The config key carries nothing but the subject, so compaction keeps exactly one (the latest) record per subject;
 * the other keys carry a nonce, so compaction never removes them.
 */
public final class JournalCodec {

    static final int MAGIC = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JournalCodec() {
    }

    public static String key(JournalEntry entry) {
        ObjectNode key = JSON.createObjectNode();
        if (entry instanceof JournalEntry.SchemaClaim c) {
            key.put("keytype", "SCHEMA").put("magic", MAGIC).put("subject", c.subject()).put("version", c.version())
                    .put("nonce", c.nonce());
        } else if (entry instanceof JournalEntry.ConfigChange c) {
            key.put("keytype", "CONFIG").put("magic", MAGIC);
            if (c.subject() != null) {
                key.put("subject", c.subject());
            }
        } else {
            JournalEntry.SubjectDeletion d = (JournalEntry.SubjectDeletion) entry;
            key.put("keytype", "DELETE_SUBJECT").put("magic", MAGIC).put("subject", d.subject()).put("nonce", d.nonce());
        }
        return JSON.writeValueAsString(key);
    }

    /** The record value, or null for a tombstone. */
    public static String value(JournalEntry entry) {
        ObjectNode value = JSON.createObjectNode();
        if (entry instanceof JournalEntry.SchemaClaim c) {
            value.put("subject", c.subject()).put("version", c.version()).put("id", c.id())
                    .put("schemaType", SchemaRegistryService.AVRO).put("schema", c.schema());
        } else if (entry instanceof JournalEntry.ConfigChange c) {
            if (c.level() == null) {
                return null;
            }
            value.put("compatibilityLevel", c.level().name());
        } else {
            value.put("subject", ((JournalEntry.SubjectDeletion) entry).subject());
        }
        return JSON.writeValueAsString(value);
    }

    /**
     * Decodes a record.
     *
     * @return empty for records this version does not understand (a newer magic or key type), which are skipped
     * @throws IllegalArgumentException for records that are not valid JSON or miss required fields
     */
    public static Optional<JournalEntry> decode(String keyText, String valueText) {
        JsonNode key = read(keyText, "key");
        if (key.path("magic").asInt(0) != MAGIC) {
            return Optional.empty();
        }
        String keytype = text(key, "keytype");
        switch (keytype) {
            case "SCHEMA": {
                JsonNode value = read(valueText, "value");
                return Optional.of(new JournalEntry.SchemaClaim(text(value, "subject"), integer(value, "version"),
                        integer(value, "id"), text(value, "schema"), text(key, "nonce")));
            }
            case "CONFIG": {
                String subject = key.has("subject") ? text(key, "subject") : null;
                if (valueText == null) {
                    return Optional.of(new JournalEntry.ConfigChange(subject, null));
                }
                String level = text(read(valueText, "value"), "compatibilityLevel");
                return Optional.of(new JournalEntry.ConfigChange(subject, CompatibilityLevel.valueOf(level)));
            }
            case "DELETE_SUBJECT":
                return Optional.of(new JournalEntry.SubjectDeletion(text(key, "subject"), text(key, "nonce")));
            default:
                return Optional.empty();
        }
    }

    private static JsonNode read(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException("record " + what + " is null");
        }
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("record " + what + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException("record has no text field '" + field + "': " + node);
        }
        return v.stringValue();
    }

    private static int integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isInt()) {
            throw new IllegalArgumentException("record has no integer field '" + field + "': " + node);
        }
        return v.intValue();
    }
}
