package io.ftcoach.platform.ops;

import io.ftcoach.schemas.topics.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a {@link TopicsReport} through the Kafka Admin API only: topic metadata, earliest / latest / max-timestamp
 * offsets, the consumer groups and their committed offsets. Nothing is consumed and no group is joined, so reading
 * the view never changes what it shows.
 */
public final class TopicsReader implements AutoCloseable {

    private final String bootstrapServers;
    private final Admin admin;
    private final Duration timeout;
    private final Clock clock;

    public TopicsReader(String bootstrapServers, Duration timeout, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        this.clock = clock;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "ftcoach-ops");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        this.admin = Admin.create(p);
    }

    /**
     * @param allTopics false shows the catalogue's topics and their dead-letter topics only; true every topic
     *                  that is not Kafka-internal (the schema registry's journal, tests' own topics …)
     * @throws IllegalStateException when the cluster does not answer within the timeout, naming the servers
     */
    public TopicsReport read(boolean allTopics) {
        try {
            Set<String> names = new TreeSet<>(get(admin.listTopics().names()));
            if (!allTopics) {
                Set<String> catalogue = new TreeSet<>();
                for (Topic t : Topic.values()) {
                    catalogue.add(t.topicName());
                    catalogue.add(t.deadLetterTopicName());
                }
                names.retainAll(catalogue);
            }
            Map<String, TopicDescription> descriptions = get(admin.describeTopics(names).allTopicNames());
            List<TopicPartition> partitions = new ArrayList<>();
            descriptions.values().forEach(d -> {
                for (TopicPartitionInfo p : d.partitions()) {
                    partitions.add(new TopicPartition(d.name(), p.partition()));
                }
            });
            Map<TopicPartition, ListOffsetsResultInfo> latest = offsets(partitions, OffsetSpec.latest());
            Map<TopicPartition, ListOffsetsResultInfo> earliest = offsets(partitions, OffsetSpec.earliest());
            // the broker finds the newest record's timestamp in its time index: no record is fetched
            Map<TopicPartition, ListOffsetsResultInfo> newest = offsets(partitions, OffsetSpec.maxTimestamp());

            List<TopicsReport.TopicRow> rows = new ArrayList<>();
            for (String name : names) {
                if (name.endsWith(Topic.DEAD_LETTER_SUFFIX) && names.contains(dropSuffix(name))) {
                    continue;   // shown in its topic's row
                }
                String dlt = name.endsWith(Topic.DEAD_LETTER_SUFFIX) || !names.contains(name + Topic.DEAD_LETTER_SUFFIX)
                        ? null : name + Topic.DEAD_LETTER_SUFFIX;
                TopicStats own = stats(descriptions.get(name), latest, earliest, newest);
                TopicStats dead = dlt == null ? null : stats(descriptions.get(dlt), latest, earliest, newest);
                rows.add(new TopicsReport.TopicRow(name, own.endOffsets, own.records, own.lastAt, dlt,
                        dead == null ? 0 : dead.records, dead == null ? null : dead.lastAt));
            }
            return new TopicsReport(bootstrapServers, clock.instant(), rows, groups(latest));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw notAnswering(e.getCause());
            }
            throw new IllegalStateException("Kafka at " + bootstrapServers + " refused the request: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw notAnswering(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading topics from " + bootstrapServers, e);
        }
    }

    private IllegalStateException notAnswering(Throwable cause) {
        return new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within "
                + timeout.toSeconds() + " s (is the platform running? ftcoach up)", cause);
    }

    private record TopicStats(List<Long> endOffsets, long records, Instant lastAt) {
    }

    private static TopicStats stats(TopicDescription d, Map<TopicPartition, ListOffsetsResultInfo> latest,
                                    Map<TopicPartition, ListOffsetsResultInfo> earliest,
                                    Map<TopicPartition, ListOffsetsResultInfo> newest) {
        Map<Integer, Long> ends = new TreeMap<>();
        long records = 0;
        long lastAt = -1;
        for (TopicPartitionInfo p : d.partitions()) {
            TopicPartition tp = new TopicPartition(d.name(), p.partition());
            long end = latest.get(tp).offset();
            ends.put(p.partition(), end);
            records += Math.max(0, end - earliest.get(tp).offset());
            ListOffsetsResultInfo n = newest.get(tp);
            if (n != null && n.offset() >= 0 && n.timestamp() > lastAt) {
                lastAt = n.timestamp();
            }
        }
        return new TopicStats(new ArrayList<>(ends.values()), records, lastAt < 0 ? null : Instant.ofEpochMilli(lastAt));
    }

    private List<TopicsReport.GroupLag> groups(Map<TopicPartition, ListOffsetsResultInfo> latest)
            throws ExecutionException, InterruptedException, TimeoutException {
        Collection<GroupListing> listings = get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all());
        List<TopicsReport.GroupLag> out = new ArrayList<>();
        for (GroupListing g : new TreeMap<>(index(listings)).values()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    get(admin.listConsumerGroupOffsets(g.groupId()).partitionsToOffsetAndMetadata());
            Map<String, long[]> byTopic = new TreeMap<>();   // topic → {committed, lag}
            committed.forEach((tp, om) -> {
                ListOffsetsResultInfo end = latest.get(tp);
                if (om == null || end == null) {
                    return;   // a topic this view does not show
                }
                long[] sums = byTopic.computeIfAbsent(tp.topic(), t -> new long[2]);
                sums[0] += om.offset();
                sums[1] += Math.max(0, end.offset() - om.offset());
            });
            String state = g.groupState().map(Object::toString).orElse("");
            byTopic.forEach((topic, sums) -> out.add(new TopicsReport.GroupLag(g.groupId(), topic, sums[0], sums[1], state)));
        }
        return out;
    }

    private static Map<String, GroupListing> index(Collection<GroupListing> listings) {
        Map<String, GroupListing> m = new HashMap<>();
        listings.forEach(l -> m.put(l.groupId(), l));
        return m;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        return request.isEmpty() ? Map.of() : get(admin.listOffsets(request).all());
    }

    private <T> T get(org.apache.kafka.common.KafkaFuture<T> future)
            throws ExecutionException, InterruptedException, TimeoutException {
        return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String dropSuffix(String dlt) {
        return dlt.substring(0, dlt.length() - Topic.DEAD_LETTER_SUFFIX.length());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
