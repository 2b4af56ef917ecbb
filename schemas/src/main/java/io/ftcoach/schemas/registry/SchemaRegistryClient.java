package io.ftcoach.schemas.registry;

import org.apache.avro.Schema;

import java.util.List;

/**
 * The Confluent Schema Registry REST API as far as the platform uses it. Any registry speaking that API works:
 * Confluent, Apicurio's ccompat API, Karapace, Redpanda, and the embedded one of {@code platform}.
 */
public interface SchemaRegistryClient {

    /** {@code POST /subjects/{subject}/versions}: registers (or finds) the schema and returns its global id. */
    int register(String subject, Schema schema);

    /** {@code POST /subjects/{subject}}: the id of an already registered schema, without registering it. */
    RegisteredSchema lookUp(String subject, Schema schema);

    /** {@code GET /schemas/ids/{id}}. */
    Schema getById(int id);

    /** {@code GET /subjects/{subject}/versions/latest}. */
    RegisteredSchema getLatest(String subject);

    /** {@code GET /subjects/{subject}/versions/{version}}. */
    RegisteredSchema getVersion(String subject, int version);

    /** {@code GET /subjects}. */
    List<String> subjects();

    /** {@code GET /subjects/{subject}/versions}. */
    List<Integer> versions(String subject);

    /** {@code POST /compatibility/subjects/{subject}/versions/latest?verbose=true}. */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** {@code GET /config} or {@code GET /config/{subject}?defaultToGlobal=true}; subject may be null. */
    String getCompatibilityLevel(String subject);

    /** {@code PUT /config} or {@code PUT /config/{subject}}; subject may be null. */
    void setCompatibilityLevel(String subject, String level);
}
