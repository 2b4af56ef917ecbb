package io.ftcoach.infra.kafka;

import io.ftcoach.infra.support.FreePorts;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single-node Kafka (KRaft, combined broker and controller) running inside this JVM, without Docker or ZooKeeper.
 *
 * <p>The data directory is formatted only on the first start; later starts on the same directory keep the topics,
 * the records and the cluster id (read back from {@code meta.properties}). Listeners bind to 127.0.0.1 only.
 * Topics are not auto-created: create them with {@link TopicProvisioner}, so partitions and retention always
 * come from the topic catalogue rather than from whichever client touched a topic first.
 *
 * <p>A stopped instance can be started again; it keeps the broker port it used first.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final String META_PROPERTIES = "meta.properties";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final Path dataDir;
    private final int requestedPort;
    private final Map<String, String> overrides;

    private KafkaRaftServer server;
    private int port;
    private String clusterId;

    /**
     * @param dataDir log directory; created when missing, formatted when it holds no {@code meta.properties}
     * @param port    broker port on 127.0.0.1, 0 to pick a free one (the controller port is always picked)
     */
    public EmbeddedKafkaBroker(Path dataDir, int port) {
        this(dataDir, port, Map.of());
    }

    /**
     * @param overrides broker properties that replace or extend the defaults (e.g. {@code log.retention.ms});
     *                  listener and node settings cannot be overridden
     */
    public EmbeddedKafkaBroker(Path dataDir, int port, Map<String, String> overrides) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("broker port must be 0 (pick a free one) or 1-65535, was " + port);
        }
        this.dataDir = dataDir.toAbsolutePath();
        this.requestedPort = port;
        this.overrides = Map.copyOf(overrides);
    }

    /** Formats the data directory if needed, starts the broker and returns once it answers an Admin request. */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        long t0 = System.nanoTime();
        int brokerPort = port != 0 ? port : requestedPort;
        if (brokerPort != 0 && !FreePorts.isFree(brokerPort)) {
            throw new IllegalStateException("Cannot start the embedded Kafka broker: port " + brokerPort + " on "
                    + FreePorts.LOOPBACK + " is already in use (another Kafka, or an earlier run still alive?). "
                    + "Stop whatever listens there, or start the broker on another port (0 picks a free one).");
        }
        if (brokerPort == 0) {
            brokerPort = FreePorts.pick();
        }
        int controllerPort = FreePorts.pick();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka data directory " + dataDir + ": " + e.getMessage(), e);
        }
        Properties props = brokerProperties(brokerPort, controllerPort);
        clusterId = formatIfNeeded();

        KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            started.startup();
        } catch (RuntimeException e) {
            shutdownQuietly(started);
            throw new IllegalStateException("Embedded Kafka broker failed to start on " + FreePorts.LOOPBACK + ":"
                    + brokerPort + " with data in " + dataDir + ": " + e.getMessage()
                    + (String.valueOf(e.getMessage()).contains("lock")
                        ? " (another broker, in this or another process, is using that directory)" : ""), e);
        }
        this.server = started;
        this.port = brokerPort;
        try {
            awaitReady();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info("Embedded Kafka broker ready at {} (cluster {}, data {}) in {} ms", bootstrapServers(), clusterId,
                dataDir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return this;
    }

    /** {@code 127.0.0.1:<port>}; valid once {@link #start()} has returned. */
    public synchronized String bootstrapServers() {
        if (port == 0) {
            throw new IllegalStateException("the embedded Kafka broker in " + dataDir + " has not been started");
        }
        return FreePorts.LOOPBACK + ":" + port;
    }

    /** The broker port; 0 before the first start. */
    public synchronized int port() {
        return port;
    }

    /** The cluster id stored in {@code meta.properties}; null before the first start. */
    public synchronized String clusterId() {
        return clusterId;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Shuts the broker down and waits for it; does nothing when it is not running. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        long t0 = System.nanoTime();
        stopping.shutdown();
        stopping.awaitShutdown();
        log.info("Embedded Kafka broker at {}:{} stopped in {} ms", FreePorts.LOOPBACK, port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @Override
    public void close() {
        stop();
    }

    private Properties brokerProperties(int brokerPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + FreePorts.LOOPBACK + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + FreePorts.LOOPBACK + ":" + brokerPort
                + "," + CONTROLLER_LISTENER + "://" + FreePorts.LOOPBACK + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + FreePorts.LOOPBACK + ":" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        // Topics come from the catalogue (TopicProvisioner); a typo in a topic name must fail, not create a topic.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics without their own retention.ms keep data forever: this broker holds a local environment's history.
        p.put("log.retention.ms", "-1");
        // The cleaner must run for compacted topics (the schema registry's); its default 128 MiB dedupe buffer is
        // allocated on the heap up front, far more than a local broker needs.
        p.put("log.cleaner.enable", "true");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        p.put("delete.topic.enable", "true");
        overrides.forEach((k, v) -> {
            if (k.startsWith("listener") || k.startsWith("controller.") || k.equals("advertised.listeners")
                    || k.equals("node.id") || k.equals("process.roles") || k.equals("log.dirs")) {
                throw new IllegalArgumentException("broker property " + k + " is managed by EmbeddedKafkaBroker");
            }
            p.put(k, v);
        });
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    /** Formats a fresh directory; on a formatted one returns the stored cluster id so it survives restarts. */
    private String formatIfNeeded() {
        Path meta = dataDir.resolve(META_PROPERTIES);
        if (Files.exists(meta)) {
            Properties stored = new Properties();
            try (InputStream in = Files.newInputStream(meta)) {
                stored.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + meta + ": " + e.getMessage(), e);
            }
            String id = stored.getProperty("cluster.id");
            if (id == null || id.isBlank()) {
                throw new IllegalStateException(meta + " has no cluster.id; the directory is not a Kafka log "
                        + "directory. Delete it or point the broker at an empty directory.");
            }
            return id;
        }
        String id = Uuid.randomUuid().toString();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(id)
                    .setNodeId(NODE_ID)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dataDir.toString())
                    .setDirectories(List.of(dataDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka data directory " + dataDir + ": " + e.getMessage(), e);
        }
        log.info("Formatted Kafka data directory {} with cluster id {}", dataDir, id);
        return id;
    }

    private void awaitReady() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-readiness-" + port,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Embedded Kafka broker at " + bootstrapServers() + " did not answer "
                    + "describeCluster within " + READY_TIMEOUT.toSeconds() + " s; see the broker log above", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Embedded Kafka broker at " + bootstrapServers()
                    + " failed its readiness check: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded Kafka broker", e);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException e) {
            log.debug("cleanup after a failed broker start failed too", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + dataDir + (port == 0 ? "" : ", " + FreePorts.LOOPBACK + ":" + port) + "]";
    }
}
