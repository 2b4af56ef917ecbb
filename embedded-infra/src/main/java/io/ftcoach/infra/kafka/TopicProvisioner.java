package io.ftcoach.infra.kafka;

import io.ftcoach.schemas.topics.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the catalogue's topics and their dead-letter topics when they are missing. Safe to call from several
 * processes at once: a topic another caller created in the meantime counts as done.
 */
public final class TopicProvisioner {

    /** Replication factor of created topics: this is local and test infrastructure with one broker. */
    public static final short REPLICATION_FACTOR = 1;
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /**
     * Ensures each topic exists with the catalogue's partitions and {@code retention.ms}, and its {@code .dlt} with
     * the same partitions (a dead-letter publisher keeps the failed record's partition) and 30 days' retention.
     * Existing topics are left as they are.
     *
     * @return names of the topics this call created, in catalogue order
     */
    public static List<String> ensureTopics(String bootstrapServers, Collection<Topic> topics) {
        Map<String, NewTopic> wanted = new LinkedHashMap<>();
        for (Topic topic : topics) {
            wanted.put(topic.topicName(), new NewTopic(topic.topicName(), topic.partitions(), REPLICATION_FACTOR)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(topic.retentionMs()))));
            wanted.put(topic.deadLetterTopicName(), new NewTopic(topic.deadLetterTopicName(), topic.partitions(),
                    REPLICATION_FACTOR).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG,
                    String.valueOf(Topic.DEAD_LETTER_RETENTION.toMillis()))));
        }
        if (wanted.isEmpty()) {
            return List.of();
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = wanted.values().stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            CreateTopicsResult result = admin.createTopics(missing);
            List<String> created = new ArrayList<>();
            for (NewTopic topic : missing) {
                try {
                    result.values().get(topic.name()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(topic.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + topic.name() + " on "
                                + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            log.info("Created {} topic(s) on {}: {}", created.size(), bootstrapServers, created);
            return created;
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within "
                    + TIMEOUT.toSeconds() + " s while creating topics; is the broker running?", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list topics on " + bootstrapServers + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics on " + bootstrapServers, e);
        }
    }
}
