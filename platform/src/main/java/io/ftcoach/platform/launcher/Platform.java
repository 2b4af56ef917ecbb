package io.ftcoach.platform.launcher;

import io.ftcoach.infra.kafka.EmbeddedKafkaBroker;
import io.ftcoach.infra.kafka.TopicProvisioner;
import io.ftcoach.infra.registry.SchemaRegistryApplication;
import io.ftcoach.schemas.topics.Topic;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The embedded default: a KRaft broker, the schema registry and the five services in one JVM, each service its
 * own Spring context on its own port (shared/notes/one-jvm-platform.md). External Kafka and registry replace
 * the embedded ones when configured.
 */
public final class Platform implements AutoCloseable {

    /**
     * Per-context settings that keep five contexts in one JVM apart: no shared Micrometer registry, no
     * application-name column in the one shared log, one banner at most, and no DataSource auto-configuration
     * picked up from a neighbour's classpath (services that need a database configure it themselves).
     */
    private static final Map<String, Object> CONTEXT_HYGIENE = Map.of(
            "management.metrics.use-global-registry", "false",
            "logging.include-application-name", "false",
            "spring.main.banner-mode", "off",
            "spring.autoconfigure.exclude", "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");

    private final PlatformSettings settings;
    private final Consumer<String> progress;
    private EmbeddedKafkaBroker broker;
    private ConfigurableApplicationContext registry;
    private String bootstrapServers;
    private String registryUrl;
    private final Map<String, ConfigurableApplicationContext> services = new LinkedHashMap<>();
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final Map<String, List<String>> serviceArgs = new LinkedHashMap<>();
    private boolean shutdownHook;

    private Platform(PlatformSettings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Starts everything; on any failure stops what started and rethrows, so no broker thread keeps the JVM alive.
     *
     * @param registerShutdownHook true for {@code ftcoach up}: Ctrl-C closes the services first, then the broker
     */
    public static Platform start(PlatformSettings settings, Consumer<String> progress, boolean registerShutdownHook) {
        Platform platform = new Platform(settings, progress);
        try {
            platform.startAll(registerShutdownHook);
            return platform;
        } catch (RuntimeException | Error e) {
            platform.close();
            throw e;
        }
    }

    private void startAll(boolean shutdownHook) {
        this.shutdownHook = shutdownHook;
        if (settings.externalKafka() == null) {
            broker = new EmbeddedKafkaBroker(settings.kafkaDir(), settings.kafkaPort()).start();
            bootstrapServers = broker.bootstrapServers();
            if (shutdownHook) {
                // runs after Spring's one shutdown hook has closed every context, so consumers never lose the broker
                SpringApplication.getShutdownHandlers().add(broker::stop);
            }
            progress.accept("kafka              " + bootstrapServers + "  (KRaft, data in " + settings.kafkaDir() + ")");
        } else {
            bootstrapServers = settings.externalKafka();
            progress.accept("kafka              " + bootstrapServers + "  (external)");
        }
        TopicProvisioner.ensureTopics(bootstrapServers, Arrays.asList(Topic.values()));

        List<String> tokenArgs = new ArrayList<>();
        if (settings.apiToken() != null) {
            tokenArgs.add("--ftcoach.api-token=" + settings.apiToken());
        }
        if (settings.externalRegistry() == null) {
            List<String> args = new ArrayList<>(List.of("--server.port=" + settings.registryPort(),
                    "--ftcoach.registry.bootstrap-servers=" + bootstrapServers));
            if (settings.apiToken() != null) {
                // the embedded registry is guarded by the same token as the services, who then present it
                args.add("--ftcoach.registry.api-token=" + settings.apiToken());
                tokenArgs.add("--ftcoach.kafka.registry-bearer-token=" + settings.apiToken());
            }
            registry = run(SchemaRegistryApplication.builder(), shutdownHook, args.toArray(String[]::new));
            registryUrl = "http://127.0.0.1:" + port(registry);
            urls.put("schema-registry", registryUrl);
            progress.accept("schema-registry    " + registryUrl + "  (Confluent API)");
        } else {
            registryUrl = settings.externalRegistry();
            progress.accept("schema-registry    " + registryUrl + "  (external)");
        }

        for (ServiceApp app : ServiceApp.ALL) {
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=" + settings.servicePorts().get(app.name()),
                    "--ftcoach.kafka.bootstrap-servers=" + bootstrapServers,
                    "--ftcoach.kafka.schema-registry-url=" + registryUrl,
                    "--ftcoach.workspace=" + settings.workspace(),
                    "--ftcoach.state-dir=" + settings.stateDir()));
            args.addAll(tokenArgs);
            if ("coach-service".equals(app.name())) {
                args.addAll(coachClientArgs());
            }
            serviceArgs.put(app.name(), args);
            startService(app);
        }
    }

    /**
     * The coach calls the other services over HTTP: point it at the ports they really got (free ports in tests, or
     * moved by FTCOACH_*_PORT), not at its defaults. The coach starts last, so they are all known by then.
     */
    private List<String> coachClientArgs() {
        List<String> args = new ArrayList<>();
        Map<String, String> property = Map.of("task-service", "task-service-url", "data-ingest-service",
                "data-ingest-url", "training-dispatcher", "dispatcher-url", "lineage-service", "lineage-url");
        property.forEach((service, key) -> {
            if (urls.containsKey(service)) {
                args.add("--ftcoach.coach." + key + "=" + urls.get(service));
            }
        });
        return args;
    }

    private void startService(ServiceApp app) {
        List<String> args = serviceArgs.get(app.name());
        ConfigurableApplicationContext ctx = run(app.builder().get(), shutdownHook, args.toArray(String[]::new));
        services.put(app.name(), ctx);
        String url = "http://127.0.0.1:" + port(ctx);
        urls.put(app.name(), url);
        progress.accept(String.format("%-18s %s", app.name(), url));
    }

    private static ConfigurableApplicationContext run(SpringApplicationBuilder builder, boolean shutdownHook,
                                                      String... args) {
        // arguments, not default properties: they must win over each service's own yml, and stay per context
        return builder.properties(CONTEXT_HYGIENE).registerShutdownHook(shutdownHook).run(args);
    }

    private static int port(ConfigurableApplicationContext ctx) {
        return ((WebServerApplicationContext) ctx).getWebServer().getPort();
    }

    /** Polls every part's health endpoint until all answer UP. */
    public Duration awaitHealthy(Duration timeout, String apiToken) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<String> pending = new ArrayList<>(urls.keySet());
        while (!pending.isEmpty()) {
            pending.removeIf(name -> healthy(http, urls.get(name), apiToken));
            if (pending.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Not healthy after " + timeout.toSeconds() + " s: " + pending
                        + "; see the log above for the cause");
            }
            sleep(100);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static boolean healthy(HttpClient http, String baseUrl, String apiToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                .timeout(Duration.ofSeconds(2));
        if (apiToken != null && !apiToken.isBlank()) {
            request.header("Authorization", "Bearer " + apiToken);
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    /** Base URL of every HTTP part, by name: the registry (when embedded) and the five services. */
    public Map<String, String> urls() {
        return Map.copyOf(urls);
    }

    public ConfigurableApplicationContext service(String name) {
        return services.get(name);
    }

    /** Closes one service's context (its consumers commit what they applied and leave their group). */
    public void stopService(String name) {
        ConfigurableApplicationContext ctx = services.get(name);
        if (ctx != null) {
            ctx.close();
        }
    }

    /**
     * Starts a service stopped by {@link #stopService} again, on the port it had, so its address stays the same;
     * its consumers resume from their group's committed offsets.
     */
    public void restartService(String name) {
        ServiceApp app = ServiceApp.ALL.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service named " + name + "; services are "
                        + ServiceApp.ALL.stream().map(ServiceApp::name).toList()));
        ConfigurableApplicationContext running = services.get(name);
        if (running != null && running.isActive()) {
            throw new IllegalStateException(name + " is running; stop it first");
        }
        List<String> args = new ArrayList<>(serviceArgs.get(name));
        String url = urls.get(name);
        args.replaceAll(a -> a.startsWith("--server.port=") ? "--server.port=" + url.substring(url.lastIndexOf(':') + 1) : a);
        serviceArgs.put(name, args);
        startService(app);
    }

    /** Closes the services in reverse start order, then the registry, then the broker. Idempotent. */
    @Override
    public void close() {
        List<ConfigurableApplicationContext> started = new ArrayList<>(services.values());
        for (int i = started.size() - 1; i >= 0; i--) {
            closeQuietly(started.get(i));
        }
        services.clear();
        closeQuietly(registry);
        registry = null;
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }

    private static void closeQuietly(ConfigurableApplicationContext ctx) {
        if (ctx != null && ctx.isActive()) {
            ctx.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
