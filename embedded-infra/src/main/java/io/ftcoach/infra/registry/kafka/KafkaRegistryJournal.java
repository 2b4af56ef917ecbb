package io.ftcoach.infra.registry.kafka;

import io.ftcoach.infra.registry.core.JournalCodec;
import io.ftcoach.infra.registry.core.JournalEntry;
import io.ftcoach.infra.registry.core.RegistryException;
import io.ftcoach.infra.registry.core.RegistryJournal;
import io.ftcoach.infra.registry.core.SchemaStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry journal on a one-partition compacted Kafka topic. A reader thread consumes the topic from the
 * beginning for the life of the registry and applies every record to the {@link SchemaStore}; writers produce
 * with {@code acks=all} and then wait until the reader has passed their record's offset ("read your own write"),
 * exactly like Confluent's registry waits for its {@code _schemas} record before answering.
 *
 * <p>One partition gives every registry process the same total order, which is what makes the replay, and thus
 * ids and versions, identical everywhere. The topic is created when missing.
 */
public final class KafkaRegistryJournal implements RegistryJournal, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaRegistryJournal.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;
    private final String topic;
    private final TopicPartition partition;
    private final SchemaStore store;
    private final Duration timeout;
    private final String clientId;

    private final Object progress = new Object();
    /** Offset of the next record the reader will apply; guarded by {@link #progress}. */
    private long appliedUpTo;
    private volatile boolean running;
    private volatile RuntimeException readerFailure;

    private Admin admin;
    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> consumer;
    private Thread reader;

    /**
     * @param timeout how long a write, a sync or the initial catch-up may take before failing with 50002
     */
    public KafkaRegistryJournal(String bootstrapServers, String topic, SchemaStore store, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.store = store;
        this.timeout = timeout;
        this.clientId = "schema-registry-" + topic + "-" + INSTANCES.incrementAndGet();
    }

    /** Creates the topic if needed, starts the reader and returns once the existing records are applied. */
    public synchronized KafkaRegistryJournal start() {
        if (running) {
            return this;
        }
        long t0 = System.nanoTime();
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
        try {
            ensureTopic();
            producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer());
            consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new StringDeserializer());
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            running = true;
            reader = new Thread(this::readLoop, clientId + "-reader");
            reader.setDaemon(true);
            reader.start();
            sync();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("Schema registry journal {} on {} replayed {} records ({} schemas) in {} ms", topic,
                bootstrapServers, store.appliedEntries(), store.schemaCount(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return this;
    }

    @Override
    public void append(JournalEntry entry) {
        requireRunning();
        RecordMetadata written;
        try {
            written = producer.send(new ProducerRecord<>(topic, 0, JournalCodec.key(entry), JournalCodec.value(entry)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RegistryException(500, RegistryException.OPERATION_TIMEOUT, "Writing to the schema topic '"
                    + topic + "' on " + bootstrapServers + " timed out after " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new RegistryException(500, RegistryException.STORE_ERROR, "Writing to the schema topic '" + topic
                    + "' on " + bootstrapServers + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(500, RegistryException.STORE_ERROR, "interrupted while writing to " + topic, e);
        }
        awaitApplied(written.offset() + 1);
    }

    @Override
    public void sync() {
        requireRunning();
        long end;
        try {
            end = endOffset();
        } catch (TimeoutException e) {
            throw new RegistryException(500, RegistryException.OPERATION_TIMEOUT, "Kafka at " + bootstrapServers
                    + " did not report the end of the schema topic '" + topic + "' within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new RegistryException(500, RegistryException.STORE_ERROR, "Cannot read the end offset of the "
                    + "schema topic '" + topic + "' on " + bootstrapServers + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(500, RegistryException.STORE_ERROR, "interrupted while syncing " + topic, e);
        }
        awaitApplied(end);
    }

    /**
     * The schema topic's end offset, asked again within the timeout while the broker answers with a retriable error:
     * a topic just created on a fresh broker is known to the controller before its leader serves it ("does not host
     * this topic-partition"), and a leader may move.
     */
    private long endOffset() throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long pauseMs = 20; ; pauseMs = Math.min(500, pauseMs * 2)) {
            try {
                return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() + pauseMs * 1_000_000 > deadline) {
                    throw e;
                }
                log.debug("Schema topic {} not served yet ({}); asking again in {} ms", topic,
                        e.getCause().getMessage(), pauseMs);
                Thread.sleep(pauseMs);
            }
        }
    }

    /** Offset of the next record to apply: everything before it is in the store. */
    public long appliedUpTo() {
        synchronized (progress) {
            return appliedUpTo;
        }
    }

    public boolean isRunning() {
        return running && readerFailure == null;
    }

    public String topic() {
        return topic;
    }

    private void awaitApplied(long offset) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (appliedUpTo < offset) {
                if (readerFailure != null) {
                    throw new RegistryException(500, RegistryException.STORE_ERROR, "The schema topic reader stopped: "
                            + readerFailure.getMessage(), readerFailure);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new RegistryException(500, RegistryException.OPERATION_TIMEOUT, "Timed out after "
                            + timeout.toMillis() + " ms waiting to read the schema topic '" + topic + "' up to offset "
                            + offset + " (read up to " + appliedUpTo + "); is Kafka at " + bootstrapServers + " up?");
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RegistryException(500, RegistryException.STORE_ERROR, "interrupted while reading " + topic, e);
                }
            }
        }
    }

    private void readLoop() {
        while (running) {
            try {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    applyRecord(record);
                }
                long position = consumer.position(partition);
                synchronized (progress) {
                    if (position != appliedUpTo) {
                        appliedUpTo = position;
                        progress.notifyAll();
                    }
                }
            } catch (WakeupException e) {
                if (running) {
                    log.debug("unexpected wakeup of the schema topic reader; continuing");
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                // The consumer retries broker outages by itself; anything reaching here is unexpected, so it is
                // reported to waiting writers and the reader keeps trying rather than freezing the registry's state.
                readerFailure = e;
                log.error("Schema topic reader of {} failed; retrying in 1 s", topic, e);
                synchronized (progress) {
                    progress.notifyAll();
                }
                sleepQuietly(1000);
                readerFailure = null;
            }
        }
    }

    private void applyRecord(ConsumerRecord<String, String> record) {
        Optional<JournalEntry> entry;
        try {
            entry = JournalCodec.decode(record.key(), record.value());
        } catch (IllegalArgumentException e) {
            // Every registry skips the same malformed records, so skipping keeps them in agreement.
            log.warn("Skipping malformed record at {}@{}: {}", topic, record.offset(), e.getMessage());
            return;
        }
        if (entry.isEmpty()) {
            log.warn("Skipping record at {}@{} of a type or version this registry does not know: {}", topic,
                    record.offset(), record.key());
            return;
        }
        try {
            store.apply(entry.get());
        } catch (RuntimeException e) {
            // A bug in applying one record must not stop the registry from reading the ones after it.
            log.error("Cannot apply record at {}@{}; skipping it", topic, record.offset(), e);
        }
    }

    private void ensureTopic() {
        try {
            int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            short replication = (short) Math.max(1, Math.min(3, brokers));
            try {
                admin.createTopics(List.of(new NewTopic(topic, 1, replication).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                        .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                log.info("Created schema topic {} (compacted, 1 partition, replication {})", topic, replication);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            if (description.partitions().size() != 1) {
                throw new IllegalStateException("The schema topic '" + topic + "' has "
                        + description.partitions().size() + " partitions; the registry needs exactly 1 so that every "
                        + "registry reads its records in the same order. Use another topic "
                        + "(ftcoach.registry.topic) or recreate this one with 1 partition.");
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            var policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)
                    || policy.value().contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
                log.warn("The schema topic '{}' has cleanup.policy={}; it should be 'compact', or retention may delete "
                        + "registered schemas", topic, policy == null ? "?" : policy.value());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within "
                    + timeout.toMillis() + " ms while preparing the schema topic '" + topic + "'; is it running?", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot prepare the schema topic '" + topic + "' on " + bootstrapServers
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the schema topic " + topic, e);
        }
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // fail a registration within the registry's timeout rather than Kafka's two-minute default
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 10_000));
        return c;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-reader");
        // no group: every registry reads the whole topic itself and never commits offsets
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return c;
    }

    private void requireRunning() {
        if (!running) {
            throw new RegistryException(500, RegistryException.STORE_ERROR, "The schema registry journal on topic '"
                    + topic + "' is not running");
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reader = null;
        }
        if (consumer != null) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
            consumer = null;
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
            producer = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
