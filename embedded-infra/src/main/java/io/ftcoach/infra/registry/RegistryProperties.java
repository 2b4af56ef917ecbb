package io.ftcoach.infra.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the embedded schema registry ({@code ftcoach.registry.*}).
 *
 * @param bootstrapServers     Kafka bootstrap servers of the cluster that holds the registry's topic
 *                             ({@code ftcoach.registry.bootstrap-servers}, default {@code 127.0.0.1:9092})
 * @param topic                compacted one-partition topic holding every registration and config change; all
 *                             registries sharing it share ids ({@code ftcoach.registry.topic}, default {@code _schemas})
 * @param defaultCompatibility global compatibility level until one is set through {@code PUT /config}
 *                             ({@code ftcoach.registry.default-compatibility}, default {@code BACKWARD})
 * @param apiToken             when set, every request except {@code /actuator/health} must carry it as a bearer
 *                             token or as the basic-auth password ({@code ftcoach.registry.api-token}, bound from the
 *                             {@code FTCOACH_API_TOKEN} environment variable; blank or unset: no authentication)
 */
@ConfigurationProperties(prefix = "ftcoach.registry")
public record RegistryProperties(
        @DefaultValue("127.0.0.1:9092") String bootstrapServers,
        @DefaultValue("_schemas") String topic,
        @DefaultValue("BACKWARD") String defaultCompatibility,
        String apiToken) {

    /** The environment variable documented to users as the holder of the token. */
    public static final String API_TOKEN_ENV = "FTCOACH_API_TOKEN";

    public boolean authenticationEnabled() {
        return apiToken != null && !apiToken.isBlank();
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "RegistryProperties[bootstrapServers=" + bootstrapServers + ", topic=" + topic
                + ", defaultCompatibility=" + defaultCompatibility
                + ", apiToken=" + (authenticationEnabled() ? "****" : "none") + "]";
    }
}
