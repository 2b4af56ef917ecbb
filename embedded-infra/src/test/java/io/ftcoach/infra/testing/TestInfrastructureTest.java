package io.ftcoach.infra.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedInfrastructureExtension.class)
class TestInfrastructureTest {

    @Test
    void oneInstancePerJvmWithSpringPropertiesPointingAtIt(TestInfrastructure injected) throws Exception {
        TestInfrastructure infra = TestInfrastructure.shared();
        assertThat(injected).isSameAs(infra);
        assertThat(infra.usesContainers()).as("no Docker here: in-JVM path").isFalse();
        assertThat(infra.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(infra.registryUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(infra.springProperties()).containsExactly(
                org.assertj.core.api.Assertions.entry("spring.kafka.bootstrap-servers", infra.bootstrapServers()),
                org.assertj.core.api.Assertions.entry("ftcoach.kafka.bootstrap-servers", infra.bootstrapServers()),
                org.assertj.core.api.Assertions.entry("ftcoach.kafka.schema-registry-url", infra.registryUrl()));

        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(infra.registryUrl() + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void postgresIsStartedOnceAndShared() {
        TestInfrastructure infra = TestInfrastructure.shared();
        assertThat(infra.postgres()).isSameAs(infra.postgres());
        assertThat(infra.postgres().jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
    }

    @Test
    void containersAreOnlyUsedWhenAskedForAndDockerIsReachable() {
        String before = System.getProperty(TestInfrastructure.MODE_PROPERTY);
        try {
            System.clearProperty(TestInfrastructure.MODE_PROPERTY);
            boolean envAsks = TestInfrastructure.CONTAINERS.equalsIgnoreCase(System.getenv(TestInfrastructure.MODE_ENV));
            assertThat(TestInfrastructure.useContainers()).isEqualTo(envAsks && TestInfrastructure.dockerReachable());
            System.setProperty(TestInfrastructure.MODE_PROPERTY, "containers");
            assertThat(TestInfrastructure.useContainers()).isEqualTo(TestInfrastructure.dockerReachable());
        } finally {
            if (before == null) {
                System.clearProperty(TestInfrastructure.MODE_PROPERTY);
            } else {
                System.setProperty(TestInfrastructure.MODE_PROPERTY, before);
            }
        }
    }
}
