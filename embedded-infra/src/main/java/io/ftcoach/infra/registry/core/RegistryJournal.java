package io.ftcoach.infra.registry.core;

/**
 * The durable, totally ordered log the registry's state is folded from (a one-partition compacted Kafka topic in
 * production, see {@code KafkaRegistryJournal}). Implementations apply every entry they read, their own and other
 * registries', to the {@link SchemaStore} in log order.
 */
public interface RegistryJournal {

    /**
     * Appends an entry and returns once this registry has applied it and everything logged before it, so the caller
     * can read the outcome from the store.
     *
     * @throws RegistryException 50001/50002 when the log cannot be written or read back in time
     */
    void append(JournalEntry entry);

    /** Returns once every entry in the log at the time of the call has been applied locally. */
    void sync();
}
