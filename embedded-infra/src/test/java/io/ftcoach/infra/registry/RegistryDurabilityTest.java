package io.ftcoach.infra.registry;

import io.ftcoach.infra.testing.TestInfrastructure;
import io.ftcoach.schemas.registry.RegisteredSchema;
import io.ftcoach.schemas.registry.RegistryClientSettings;
import io.ftcoach.schemas.registry.RestSchemaRegistryClient;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ftcoach.infra.registry.RegistrySchemas.V1;
import static io.ftcoach.infra.registry.RegistrySchemas.V2;
import static io.ftcoach.infra.registry.RegistrySchemas.numbered;
import static org.assertj.core.api.Assertions.assertThat;

/** Ids live in the Kafka topic: they survive restarts and are the same in every registry reading that topic. */
class RegistryDurabilityTest {

    private final String bootstrap = TestInfrastructure.shared().bootstrapServers();

    private static RestSchemaRegistryClient client(EmbeddedSchemaRegistry registry) {
        return new RestSchemaRegistryClient(RegistryClientSettings.of(registry.url()));
    }

    private static String topic() {
        return "_schemas-durability-" + UUID.randomUUID();
    }

    @Test
    void idsSubjectsAndVersionsSurviveARestart() {
        String topic = topic();
        Map<String, RegisteredSchema> before = new HashMap<>();
        try (EmbeddedSchemaRegistry first = EmbeddedSchemaRegistry.start(bootstrap, 0, null, topic)) {
            RestSchemaRegistryClient c = client(first);
            c.register("a-value", V1);
            c.register("a-value", V2);
            c.register("b-value", numbered(1));
            c.setCompatibilityLevel("b-value", "FULL");
            for (String s : c.subjects()) {
                before.put(s, c.getLatest(s));
            }
        }
        try (EmbeddedSchemaRegistry second = EmbeddedSchemaRegistry.start(bootstrap, 0, null, topic)) {
            RestSchemaRegistryClient c = client(second);
            assertThat(c.subjects()).containsExactlyInAnyOrder("a-value", "b-value");
            for (String s : before.keySet()) {
                assertThat(c.getLatest(s)).isEqualTo(before.get(s));
            }
            assertThat(c.versions("a-value")).containsExactly(1, 2);
            assertThat(c.getVersion("a-value", 1).schema()).isEqualTo(V1);
            assertThat(c.getCompatibilityLevel("b-value")).isEqualTo("FULL");
            int maxBefore = before.values().stream().mapToInt(RegisteredSchema::id).max().orElseThrow();
            assertThat(c.register("c-value", numbered(2))).as("new ids continue after the old ones")
                    .isEqualTo(maxBefore + 1);
        }
    }

    @Test
    void twoRegistriesOnOneTopicAgreeOnIds() {
        String topic = topic();
        try (EmbeddedSchemaRegistry one = EmbeddedSchemaRegistry.start(bootstrap, 0, null, topic);
             EmbeddedSchemaRegistry two = EmbeddedSchemaRegistry.start(bootstrap, 0, null, topic)) {
            RestSchemaRegistryClient c1 = client(one);
            RestSchemaRegistryClient c2 = client(two);

            int a = c1.register("shared-value", V1);
            assertThat(c2.register("shared-value", V1)).isEqualTo(a);
            assertThat(c2.versions("shared-value")).containsExactly(1);

            int b = c2.register("shared-value", V2);
            assertThat(b).isNotEqualTo(a);
            assertThat(c1.getById(b)).as("read through the other registry right away").isEqualTo(V2);
            assertThat(c1.getLatest("shared-value")).isEqualTo(new RegisteredSchema("shared-value", b, 2, V2));
        }
    }

    @Test
    void concurrentRegistrationsThroughTwoRegistriesNeverShareAnIdOrVersion() throws Exception {
        String topic = topic();
        int schemas = 12;
        try (EmbeddedSchemaRegistry one = EmbeddedSchemaRegistry.start(bootstrap, 0, null, topic);
             EmbeddedSchemaRegistry two = EmbeddedSchemaRegistry.start(bootstrap, 0, null, topic)) {
            List<RestSchemaRegistryClient> clients = List.of(client(one), client(two));
            // unrelated record types follow each other in these subjects; only ids and versions matter here
            clients.get(0).setCompatibilityLevel("race-0-value", "NONE");
            clients.get(1).setCompatibilityLevel("race-1-value", "NONE");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                // every schema is registered through both registries at once, in two subjects, so every
                // registration races for ids and versions with another registry
                List<Future<int[]>> results = new ArrayList<>();
                for (int i = 0; i < schemas; i++) {
                    Schema schema = numbered(100 + i);
                    String subject = "race-" + (i % 2) + "-value";
                    for (RestSchemaRegistryClient c : clients) {
                        results.add(pool.submit(() -> new int[] {c.register(subject, schema)}));
                    }
                }
                Map<Integer, Integer> idBySchema = new HashMap<>();
                for (int i = 0; i < results.size(); i++) {
                    int id = results.get(i).get(60, TimeUnit.SECONDS)[0];
                    Integer earlier = idBySchema.putIfAbsent(i / 2, id);
                    assertThat(earlier == null || earlier == id).as("both registries gave schema %d one id", i / 2)
                            .isTrue();
                }
                assertThat(new HashSet<>(idBySchema.values())).as("distinct schemas, distinct ids").hasSize(schemas);
            } finally {
                pool.shutdownNow();
            }
            for (String subject : List.of("race-0-value", "race-1-value")) {
                List<Integer> versions = clients.get(0).versions(subject);
                assertThat(versions).containsExactly(1, 2, 3, 4, 5, 6);
                assertThat(clients.get(1).versions(subject)).isEqualTo(versions);
                for (int v : versions) {
                    assertThat(clients.get(1).getVersion(subject, v)).isEqualTo(clients.get(0).getVersion(subject, v));
                }
            }
        }
    }
}
