package io.ftcoach.infra.registry;

import io.ftcoach.infra.testing.TestInfrastructure;
import io.ftcoach.schemas.registry.RegistryClientSettings;
import io.ftcoach.schemas.registry.RestSchemaRegistryClient;
import io.ftcoach.schemas.registry.SchemaRegistryException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static io.ftcoach.infra.registry.RegistrySchemas.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A second registry with an API token, on a topic of its own so its global config cannot leak into other tests. */
class RegistryAuthTest {

    private static final String TOKEN = "s3cr3t-" + UUID.randomUUID();
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void start() {
        registry = EmbeddedSchemaRegistry.start(TestInfrastructure.shared().bootstrapServers(), 0, TOKEN,
                "_schemas-auth-test-" + UUID.randomUUID());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static RestSchemaRegistryClient client(String basic, String bearer) {
        return new RestSchemaRegistryClient(new RegistryClientSettings(List.of(registry.url()), basic, bearer,
                null, 0, null));
    }

    @Test
    void bearerTokenAndBasicAuthWithTheTokenAsPasswordAreAccepted() {
        String subject = "auth-" + UUID.randomUUID() + "-value";
        int id = client(null, TOKEN).register(subject, V1);
        assertThat(client("anyone:" + TOKEN, null).getById(id)).isEqualTo(V1);
    }

    @Test
    void aWrongOrMissingTokenIsRejectedWith401NamingTheEnvironmentVariable() {
        for (RestSchemaRegistryClient wrong : List.of(client(null, "not-the-token"), client("anyone:nope", null),
                client(null, null))) {
            assertThatThrownBy(wrong::subjects)
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(401);
                        assertThat(e.errorCode()).isEqualTo(401);
                    })
                    .hasMessageContaining("FTCOACH_API_TOKEN")
                    .message().doesNotContain(TOKEN);
        }
    }

    @Test
    void healthIsOpenButEveryOtherEndpointIsProtected() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(401);
        assertThat(metrics.body()).startsWith("{\"error_code\":401,\"message\":\"Authentication required");
        assertThat(metrics.headers().firstValue("WWW-Authenticate")).isPresent();

        HttpResponse<String> authorised = http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(authorised.statusCode()).isEqualTo(200);
        assertThat(authorised.body()).contains("ftcoach_registry_schemas");
    }

    @Test
    void globalConfigCanBeChanged() {
        RestSchemaRegistryClient client = client(null, TOKEN);
        assertThat(client.getCompatibilityLevel(null)).isEqualTo("BACKWARD");
        client.setCompatibilityLevel(null, "FULL_TRANSITIVE");
        assertThat(client.getCompatibilityLevel(null)).isEqualTo("FULL_TRANSITIVE");
        client.setCompatibilityLevel(null, "BACKWARD");
    }
}
