package io.ftcoach.infra.registry;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts {@link SchemaRegistryApplication} in this JVM, for tests and local tooling. The caller owns it: no JVM
 * shutdown hook is registered, call {@link #close()}.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    public static final String DEFAULT_TOPIC = "_schemas";

    private final ConfigurableApplicationContext context;
    private final String url;

    private EmbeddedSchemaRegistry(ConfigurableApplicationContext context, String url) {
        this.context = context;
        this.url = url;
    }

    /**
     * @param bootstrapServers Kafka holding the registry topic {@value #DEFAULT_TOPIC}
     * @param port             HTTP port on 127.0.0.1, 0 for a random free one
     * @param apiTokenOrNull   token every request must carry, or null for no authentication
     */
    public static EmbeddedSchemaRegistry start(String bootstrapServers, int port, String apiTokenOrNull) {
        return start(bootstrapServers, port, apiTokenOrNull, DEFAULT_TOPIC);
    }

    /** As {@link #start(String, int, String)}, on another registry topic (registries on one topic share ids). */
    public static EmbeddedSchemaRegistry start(String bootstrapServers, int port, String apiTokenOrNull, String topic) {
        // These must win over schema-registry.yml (which maps FTCOACH_* variables), so they go in front of every
        // other property source instead of into the builder's default properties, which rank last.
        Map<String, Object> fixed = new LinkedHashMap<>();
        fixed.put("server.port", String.valueOf(port));
        fixed.put("server.address", "127.0.0.1");
        fixed.put("ftcoach.registry.bootstrap-servers", bootstrapServers);
        fixed.put("ftcoach.registry.topic", topic);
        fixed.put("ftcoach.registry.api-token", apiTokenOrNull == null ? "" : apiTokenOrNull);
        ConfigurableApplicationContext context = SchemaRegistryApplication.builder()
                .properties(Map.of(
                        "spring.main.banner-mode", "off",
                        "spring.main.register-shutdown-hook", "false",
                        "logging.include-application-name", "false",
                        "management.metrics.use-global-registry", "false"))
                .initializers(ctx -> ctx.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("embeddedSchemaRegistry", fixed)))
                .run();
        int actualPort = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new EmbeddedSchemaRegistry(context, "http://127.0.0.1:" + actualPort);
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    public int port() {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    /** The running application context, for tests that need a bean. */
    public ConfigurableApplicationContext context() {
        return context;
    }

    /** Stops the web server and the topic reader; idempotent. */
    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedSchemaRegistry[" + url + "]";
    }
}
