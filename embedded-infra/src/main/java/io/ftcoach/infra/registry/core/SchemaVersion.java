package io.ftcoach.infra.registry.core;

import org.apache.avro.Schema;

/**
 * One version of a subject: its number within the subject, the schema's global id and the schema in canonical form
 * (Avro's own {@code Schema.toString()}, which is also what equality of schemas is judged on).
 */
public record SchemaVersion(String subject, int version, int id, String schema, Schema avro) {
}
