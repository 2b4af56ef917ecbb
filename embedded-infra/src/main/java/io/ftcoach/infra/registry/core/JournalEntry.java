package io.ftcoach.infra.registry.core;

/**
 * One record of the registry's journal (the compacted Kafka topic). The registry's whole state is the fold of these
 * entries in log order, see {@link SchemaStore#apply(JournalEntry)}.
 */
public sealed interface JournalEntry {

    /**
     * A registry's claim that {@code schema} becomes {@code version} of {@code subject} with global id {@code id}.
     * The replay accepts it only if it is consistent with everything accepted before it, so two registries that
     * race for the same version or id both see the first claim win. {@code nonce} makes every claim's Kafka key
     * unique, so compaction never drops a claim and later replays see exactly the records earlier replays saw.
     */
    record SchemaClaim(String subject, int version, int id, String schema, String nonce) implements JournalEntry {
    }

    /**
     * Sets ({@code level} non-null) or removes ({@code level} null) the compatibility level of a subject, or the
     * global level when {@code subject} is null. Keyed by subject, so compaction keeps only the latest, which is
     * also the one the replay ends up with.
     */
    record ConfigChange(String subject, CompatibilityLevel level) implements JournalEntry {
    }

    /** Soft-deletes every live version of a subject; its schemas and ids stay known. */
    record SubjectDeletion(String subject, String nonce) implements JournalEntry {
    }
}
