package io.ftcoach.schemas.serde;

import io.ftcoach.schemas.registry.RegistryClientSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

import java.time.Duration;
import java.util.Map;

/**
 * Configuration of {@link AvroEventSerializer} and {@link AvroEventDeserializer}. Key names follow Confluent's
 * serializers, so a configuration written for those works here unchanged.
 */
public final class AvroSerdeConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC =
            "Comma-separated base URLs of a Confluent-API schema registry, tried in order, e.g. http://127.0.0.1:8081. "
            + "Required unless the serializer or deserializer was constructed with a registry client.";

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    private static final String AUTO_REGISTER_SCHEMAS_DOC = "Serializer: register the event's schema under the "
            + "subject on first use. When false the schema must already be registered (looked up, not added).";

    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    private static final String BASIC_AUTH_USER_INFO_DOC = "user:password for HTTP basic auth against the registry. "
            + "Pass it from an environment variable; it is never logged.";

    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    private static final String BEARER_AUTH_TOKEN_DOC = "Bearer token for the registry; wins over basic auth. "
            + "Pass it from an environment variable; it is never logged.";

    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    private static final String REQUEST_TIMEOUT_MS_DOC = "Time allowed for one registry request.";

    public static final String MAX_RETRIES = "schema.registry.max.retries";
    private static final String MAX_RETRIES_DOC = "Further attempts after a network failure or a 5xx answer; "
            + "the wait doubles from 200 ms after each.";

    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    private static final String SPECIFIC_AVRO_READER_DOC = "Deserializer: decode into the generated event class "
            + "(resolving the writer's schema against the class's own), or into a GenericRecord when false or "
            + "when no class of that name is on the classpath.";

    public static final String CLOUDEVENTS_SOURCE = "cloudevents.source";
    private static final String CLOUDEVENTS_SOURCE_DOC = "Serializer: ce_source header value used when the event's "
            + "envelope does not name its source.";

    static final ConfigDef CONFIG = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL, Type.LIST, "", Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC)
            .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC)
            .define(BEARER_AUTH_TOKEN, Type.PASSWORD, null, Importance.MEDIUM, BEARER_AUTH_TOKEN_DOC)
            .define(REQUEST_TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW, REQUEST_TIMEOUT_MS_DOC)
            .define(MAX_RETRIES, Type.INT, 3, ConfigDef.Range.atLeast(0), Importance.LOW, MAX_RETRIES_DOC)
            .define(SPECIFIC_AVRO_READER, Type.BOOLEAN, true, Importance.MEDIUM, SPECIFIC_AVRO_READER_DOC)
            .define(CLOUDEVENTS_SOURCE, Type.STRING, "/ftcoach", Importance.LOW, CLOUDEVENTS_SOURCE_DOC);

    public AvroSerdeConfig(Map<String, ?> props) {
        super(CONFIG, props, false);
    }

    /** Required unless the serde was constructed with its registry client. */
    public RegistryClientSettings registrySettings() {
        if (getList(SCHEMA_REGISTRY_URL).isEmpty()) {
            throw new org.apache.kafka.common.config.ConfigException(SCHEMA_REGISTRY_URL + " is not set: give the "
                    + "base URL of a Confluent-API schema registry, e.g. http://127.0.0.1:8081");
        }
        Password basic = getPassword(BASIC_AUTH_USER_INFO);
        Password bearer = getPassword(BEARER_AUTH_TOKEN);
        return new RegistryClientSettings(getList(SCHEMA_REGISTRY_URL),
                basic == null ? null : basic.value(), bearer == null ? null : bearer.value(),
                Duration.ofMillis(getLong(REQUEST_TIMEOUT_MS)), getInt(MAX_RETRIES), Duration.ofMillis(200));
    }

    public boolean autoRegister() {
        return getBoolean(AUTO_REGISTER_SCHEMAS);
    }

    public boolean specificReader() {
        return getBoolean(SPECIFIC_AVRO_READER);
    }

    public String cloudEventsSource() {
        return getString(CLOUDEVENTS_SOURCE);
    }

    /** The documented keys, as Kafka renders its own config tables. */
    public static String documentation() {
        return CONFIG.toRst();
    }
}
