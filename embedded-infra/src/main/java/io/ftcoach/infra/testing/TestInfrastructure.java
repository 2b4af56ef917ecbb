package io.ftcoach.infra.testing;

import io.ftcoach.infra.kafka.EmbeddedKafkaBroker;
import io.ftcoach.infra.kafka.TopicProvisioner;
import io.ftcoach.infra.postgres.LocalPostgres;
import io.ftcoach.infra.registry.EmbeddedSchemaRegistry;
import io.ftcoach.schemas.topics.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka broker, one schema registry and (on first use) one PostgreSQL per test JVM, shared by every test class
 * in it. Started lazily by {@link #shared()}, with every catalogue topic and its dead-letter topic created, and
 * stopped by a JVM shutdown hook.
 *
 * <p>By default everything runs in this JVM or as local processes, without Docker. With
 * {@code -Dftcoach.test.infra=containers} (or {@code FTCOACH_TEST_INFRA=containers}) and a reachable Docker engine,
 * Kafka and PostgreSQL run in Testcontainers instead (Testcontainers must then be on the test classpath); the
 * registry still runs in this JVM, against the container broker.
 *
 * <p>Tests share the broker and registry, so they should use their own subjects, consumer groups and, where they
 * need an empty topic, their own topics.
 */
public final class TestInfrastructure {

    public static final String MODE_PROPERTY = "ftcoach.test.infra";
    public static final String MODE_ENV = "FTCOACH_TEST_INFRA";
    public static final String CONTAINERS = "containers";
    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    /** Names Spring gives its shutdown-hook threads (AbstractApplicationContext, SpringApplication). */
    private static final Set<String> SPRING_SHUTDOWN_HOOK_THREADS =
            Set.of("SpringContextShutdownHook", "SpringApplicationShutdownHook");
    private static final Duration SPRING_SHUTDOWN_GRACE = Duration.ofSeconds(20);

    private static TestInfrastructure shared;
    private static RuntimeException startFailure;

    private final boolean containers;
    private final String bootstrapServers;
    private final EmbeddedSchemaRegistry registry;
    /** Stops what was started, last started first. */
    private final List<AutoCloseable> closers = Collections.synchronizedList(new ArrayList<>());
    private LocalPostgres postgres;

    private TestInfrastructure(boolean containers) {
        this.containers = containers;
        long t0 = System.nanoTime();
        try {
            if (containers) {
                ContainerInfrastructure.Started kafka = ContainerInfrastructure.startKafka();
                closers.add(kafka.stopper());
                bootstrapServers = kafka.bootstrapServers();
            } else {
                Path dataDir = Files.createTempDirectory("ftcoach-test-kafka-");
                closers.add(() -> deleteTree(dataDir));
                EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, 0).start();
                closers.add(broker::stop);
                bootstrapServers = broker.bootstrapServers();
            }
            TopicProvisioner.ensureTopics(bootstrapServers, List.of(Topic.values()));
            registry = EmbeddedSchemaRegistry.start(bootstrapServers, 0, null);
            closers.add(registry);
        } catch (IOException e) {
            closeAll();
            throw new UncheckedIOException("Cannot create a temp directory for the test broker: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            closeAll();
            throw e;
        }
        log.info("Test infrastructure ({}) ready in {} ms: Kafka {}, schema registry {}",
                containers ? "containers" : "in-JVM", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                bootstrapServers, registry.url());
    }

    /**
     * The JVM's shared infrastructure, started on the first call. A failed start is remembered, so later test
     * classes fail fast with the same cause instead of waiting for the same timeout again.
     */
    public static synchronized TestInfrastructure shared() {
        if (shared != null) {
            return shared;
        }
        if (startFailure != null) {
            throw new IllegalStateException("The shared test infrastructure failed to start earlier in this JVM: "
                    + startFailure.getMessage(), startFailure);
        }
        try {
            shared = new TestInfrastructure(useContainers());
        } catch (RuntimeException e) {
            startFailure = e;
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            awaitSpringShutdownHooks();
            shared.closeAll();
        }, "ftcoach-test-infrastructure-stop"));
        return shared;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registry.url();
    }

    /** Whether Kafka and PostgreSQL run in containers rather than in this JVM / as local processes. */
    public boolean usesContainers() {
        return containers;
    }

    /**
     * Properties that point a Spring Boot service at this infrastructure, e.g. for
     * {@code @DynamicPropertySource} or {@code SpringApplicationBuilder.properties(...)}.
     */
    public Map<String, String> springProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.kafka.bootstrap-servers", bootstrapServers);
        p.put("ftcoach.kafka.bootstrap-servers", bootstrapServers);
        p.put("ftcoach.kafka.schema-registry-url", registry.url());
        return Collections.unmodifiableMap(p);
    }

    /** The shared PostgreSQL (15, {@code wal_level=logical}), started on the first call. */
    public synchronized LocalPostgres postgres() {
        if (postgres == null) {
            postgres = containers ? ContainerInfrastructure.startPostgres() : LocalPostgres.start();
            closers.add(postgres);
        }
        return postgres;
    }

    /**
     * JVM shutdown hooks run concurrently. Spring test contexts close in their own hooks, and their Kafka consumers
     * and connection pools still talk to the broker and database while they close; stopping those first would turn a
     * one-second shutdown into retries until the clients' close timeouts. So the infrastructure goes last.
     */
    private static void awaitSpringShutdownHooks() {
        long deadline = System.nanoTime() + SPRING_SHUTDOWN_GRACE.toNanos();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t != Thread.currentThread() && SPRING_SHUTDOWN_HOOK_THREADS.contains(t.getName())) {
                try {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void closeAll() {
        List<AutoCloseable> reversed;
        synchronized (closers) {
            reversed = new ArrayList<>(closers);
            closers.clear();
        }
        Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Stopping test infrastructure part {} failed: {}", c, e.toString());
            }
        }
    }

    static boolean useContainers() {
        String mode = System.getProperty(MODE_PROPERTY);
        if (mode == null || mode.isBlank()) {
            mode = System.getenv(MODE_ENV);
        }
        if (mode == null || !mode.trim().toLowerCase(Locale.ROOT).equals(CONTAINERS)) {
            return false;
        }
        if (!dockerReachable()) {
            log.warn("{}={} asks for containers, but no Docker engine is reachable (DOCKER_HOST is unset and "
                    + "/var/run/docker.sock does not exist); using the in-JVM broker and local PostgreSQL", MODE_PROPERTY, mode);
            return false;
        }
        return true;
    }

    static boolean dockerReachable() {
        String host = System.getenv("DOCKER_HOST");
        return (host != null && !host.isBlank()) || Files.exists(Path.of("/var/run/docker.sock"));
    }

    /** Deletes {@code dir} and everything in it; nothing when it does not exist. */
    static void deleteTree(Path dir) throws IOException {
        FileSystemUtils.deleteRecursively(dir);
    }
}
