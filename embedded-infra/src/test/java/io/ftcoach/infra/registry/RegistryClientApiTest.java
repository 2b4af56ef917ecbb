package io.ftcoach.infra.registry;

import io.ftcoach.infra.support.FreePorts;
import io.ftcoach.infra.testing.TestInfrastructure;
import io.ftcoach.schemas.registry.CompatibilityResult;
import io.ftcoach.schemas.registry.RegisteredSchema;
import io.ftcoach.schemas.registry.RegistryClientSettings;
import io.ftcoach.schemas.registry.RestSchemaRegistryClient;
import io.ftcoach.schemas.registry.SchemaRegistryException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.ftcoach.infra.registry.RegistrySchemas.V1;
import static io.ftcoach.infra.registry.RegistrySchemas.V2;
import static io.ftcoach.infra.registry.RegistrySchemas.V3_BREAKING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry as the platform's own Confluent-API client ({@link RestSchemaRegistryClient}) uses it. */
class RegistryClientApiTest {

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final RestSchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientSettings.of(infra.registryUrl()));
    private final String subject = "client-api-" + UUID.randomUUID() + "-value";

    @Test
    void registersOnceAndAnswersEveryReadWithTheSameIdAndVersion() {
        int id = client.register(subject, V1);
        RestSchemaRegistryClient uncached = new RestSchemaRegistryClient(RegistryClientSettings.of(infra.registryUrl()));
        assertThat(uncached.register(subject, V1)).as("same schema again").isEqualTo(id);

        assertThat(client.subjects()).contains(subject);
        assertThat(client.versions(subject)).containsExactly(1);
        assertThat(uncached.getById(id)).isEqualTo(V1);
        assertThat(client.getLatest(subject)).isEqualTo(new RegisteredSchema(subject, id, 1, V1));
        assertThat(client.getVersion(subject, 1)).isEqualTo(new RegisteredSchema(subject, id, 1, V1));
        assertThat(client.lookUp(subject, V1)).isEqualTo(new RegisteredSchema(subject, id, 1, V1));
    }

    @Test
    void theSameSchemaUnderAnotherSubjectKeepsItsGlobalId() {
        int id = client.register(subject, V1);
        String other = "client-api-other-" + UUID.randomUUID() + "-value";
        assertThat(client.register(other, V1)).isEqualTo(id);
        assertThat(client.versions(other)).containsExactly(1);
    }

    @Test
    void compatibleEvolutionIsAcceptedAndABreakingOneRefusedNamingFieldAndRule() {
        int v1 = client.register(subject, V1);
        int v2 = client.register(subject, V2);
        assertThat(v2).isNotEqualTo(v1);
        assertThat(client.versions(subject)).containsExactly(1, 2);

        CompatibilityResult breaking = client.testCompatibility(subject, V3_BREAKING);
        assertThat(breaking.compatible()).isFalse();
        assertThat(breaking.messages()).singleElement().asString()
                .startsWith("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2 field 'reviewer'");
        assertThat(client.testCompatibility(subject, V2).compatible()).isTrue();

        assertThatThrownBy(() -> client.register(subject, V3_BREAKING))
                .isInstanceOfSatisfying(SchemaRegistryException.IncompatibleSchemaException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.registryMessage()).startsWith("Schema being registered is incompatible with an "
                            + "earlier schema for subject \"" + subject + "\" (BACKWARD): "
                            + "READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2 field 'reviewer': ");
                });
        assertThat(client.versions(subject)).as("nothing registered").containsExactly(1, 2);
    }

    @Test
    void subjectConfigOverridesTheGlobalLevel() {
        client.register(subject, V1);
        String global = client.getCompatibilityLevel(null);
        assertThat(global).isEqualTo("BACKWARD");
        assertThat(client.getCompatibilityLevel(subject)).as("defaults to global").isEqualTo(global);

        client.setCompatibilityLevel(subject, "NONE");
        assertThat(client.getCompatibilityLevel(subject)).isEqualTo("NONE");
        assertThat(client.register(subject, V3_BREAKING)).as("NONE accepts the breaking change").isPositive();

        assertThatThrownBy(() -> client.setCompatibilityLevel(subject, "SOMETIMES"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(42203);
                    assertThat(e.httpStatus()).isEqualTo(422);
                })
                .hasMessageContaining("SOMETIMES");
    }

    @Test
    void missingThingsMapToTheClientsExceptionTypes() {
        assertThatThrownBy(() -> client.getLatest("never-registered-" + UUID.randomUUID()))
                .isInstanceOfSatisfying(SchemaRegistryException.SubjectNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401))
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> client.getById(Integer.MAX_VALUE))
                .isInstanceOfSatisfying(SchemaRegistryException.SchemaNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403));
        client.register(subject, V1);
        assertThatThrownBy(() -> client.lookUp(subject, V2))
                .isInstanceOfSatisfying(SchemaRegistryException.SchemaNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> client.getVersion(subject, 7))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(40402);
                    assertThat(e.httpStatus()).isEqualTo(404);
                });
    }

    @Test
    void anUnreachableRegistryIsReportedWithItsUrl() {
        String url = "http://127.0.0.1:" + FreePorts.pick();
        RestSchemaRegistryClient dead = new RestSchemaRegistryClient(new RegistryClientSettings(List.of(url), null,
                null, Duration.ofSeconds(2), 0, Duration.ofMillis(10)));
        assertThatThrownBy(() -> dead.register(subject, V1))
                .isInstanceOf(SchemaRegistryException.RegistryUnavailableException.class)
                .hasMessageContaining(url);
    }
}
