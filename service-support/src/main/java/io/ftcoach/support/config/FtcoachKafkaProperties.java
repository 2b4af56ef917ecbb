package io.ftcoach.support.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How a service reaches Kafka and the schema registry, and how its consumers retry.
 *
 * @param bootstrapServers     Kafka bootstrap servers; the embedded platform's broker by default.
 * @param schemaRegistryUrl    base URL of a Confluent-API schema registry (comma-separated for several).
 * @param registryBasicAuth    {@code user:password} for the registry, from an environment variable; never logged.
 * @param registryBearerToken  bearer token for the registry, from an environment variable; never logged.
 * @param retryAttempts        retries of a failing handler before its record goes to the dead-letter topic.
 * @param retryInitialInterval wait before the first retry; doubled each time up to {@code retryMaxInterval}.
 * @param retryMaxInterval     longest wait between two retries.
 * @param provisionTopics      create the topics this service produces and the dead-letter topics of those it
 *                             consumes at start-up (off where an operator manages topics).
 */
@ConfigurationProperties(prefix = "ftcoach.kafka")
public record FtcoachKafkaProperties(
        @DefaultValue("127.0.0.1:9092") String bootstrapServers,
        @DefaultValue("http://127.0.0.1:8081") String schemaRegistryUrl,
        String registryBasicAuth,
        String registryBearerToken,
        @DefaultValue("3") int retryAttempts,
        @DefaultValue("200ms") Duration retryInitialInterval,
        @DefaultValue("5s") Duration retryMaxInterval,
        @DefaultValue("true") boolean provisionTopics) {

    @Override
    public String toString() {
        return "FtcoachKafkaProperties[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl
                + ", registryBasicAuth=" + (registryBasicAuth == null || registryBasicAuth.isBlank() ? "none" : "****")
                + ", registryBearerToken=" + (registryBearerToken == null || registryBearerToken.isBlank() ? "none" : "****")
                + ", retryAttempts=" + retryAttempts + "]";
    }
}
