package io.ftcoach.infra.kafka;

import io.ftcoach.infra.testing.TestInfrastructure;
import io.ftcoach.schemas.topics.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopicProvisionerTest {

    private final TestInfrastructure infra = TestInfrastructure.shared();

    @Test
    void everyCatalogueTopicAndItsDeadLetterTopicExistWithCatalogueSettings() throws Exception {
        List<String> names = new ArrayList<>();
        for (Topic t : Topic.values()) {
            names.add(t.topicName());
            names.add(t.deadLetterTopicName());
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            List<ConfigResource> resources = names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            for (Topic t : Topic.values()) {
                assertThat(described.get(t.topicName()).partitions()).as(t.topicName()).hasSize(t.partitions());
                assertThat(described.get(t.deadLetterTopicName()).partitions()).hasSize(t.partitions());
                assertThat(retention(configs, t.topicName())).as(t.topicName()).isEqualTo(t.retentionMs());
                assertThat(retention(configs, t.deadLetterTopicName()))
                        .isEqualTo(Topic.DEAD_LETTER_RETENTION.toMillis());
            }
        }
        assertThat(Topic.TRAINING_PROGRESS.retentionMs()).as("the catalogue has a limited topic to check")
                .isEqualTo(Duration.ofDays(7).toMillis());
    }

    @Test
    void provisioningAgainCreatesNothing() {
        assertThat(TopicProvisioner.ensureTopics(infra.bootstrapServers(), List.of(Topic.values()))).isEmpty();
    }

    private static long retention(Map<ConfigResource, Config> configs, String topic) {
        return Long.parseLong(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic))
                .get(TopicConfig.RETENTION_MS_CONFIG).value());
    }
}
