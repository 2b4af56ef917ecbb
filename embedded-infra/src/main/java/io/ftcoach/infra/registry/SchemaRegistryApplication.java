package io.ftcoach.infra.registry;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

import java.util.Map;

/**
 * A Confluent-API schema registry (Avro only) whose state lives on a compacted Kafka topic. Runs on its own
 * ({@code main}) or as one context of a shared JVM through {@link #builder()}; {@link EmbeddedSchemaRegistry}
 * starts it for tests.
 */
@SpringBootApplication
@EnableConfigurationProperties(RegistryProperties.class)
public class SchemaRegistryApplication {

    /** Config file name: {@code schema-registry.yml}, never {@code application.yml} (shared-JVM rule). */
    public static final String CONFIG_NAME = "schema-registry";

    /**
     * Auto-configurations this context never wants, even when neighbours in a shared JVM put their technology on the
     * classpath: JDBC (the registry has no database, and a DataSource without a URL fails the start) and Spring's
     * Kafka support (the registry uses its own clients). Excluding a class that is absent is harmless.
     */
    static final String EXCLUDED_AUTO_CONFIGURATIONS = String.join(",",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration");

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(SchemaRegistryApplication.class)
                .main(SchemaRegistryApplication.class)
                .properties(Map.of(
                        "spring.config.name", CONFIG_NAME,
                        "spring.autoconfigure.exclude", EXCLUDED_AUTO_CONFIGURATIONS));
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
