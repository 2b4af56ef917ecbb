package io.ftcoach.platform.ops;

import java.time.Instant;
import java.util.List;

/**
 * The operations view of a Kafka cluster at one moment: every topic with its end offsets, its dead-letter topic's
 * count and the time of its last event, and every consumer group's lag per topic.
 *
 * @param readAt when the offsets were read
 */
public record TopicsReport(String bootstrapServers, Instant readAt, List<TopicRow> topics, List<GroupLag> groups) {

    public TopicsReport {
        topics = List.copyOf(topics);
        groups = List.copyOf(groups);
    }

    /**
     * One topic.
     *
     * @param endOffsets      each partition's end offset (the offset the next record will get), by partition number
     * @param records         records still held: end minus earliest offset, summed over partitions
     * @param lastEventAt     timestamp of the newest record, or null when the topic holds none
     * @param deadLetterTopic its {@code .dlt} topic, or null when there is none (or this is one)
     * @param deadLetters     records held in the dead-letter topic (0 without one)
     * @param lastDeadLetterAt timestamp of the newest dead letter, or null
     */
    public record TopicRow(String topic, List<Long> endOffsets, long records, Instant lastEventAt,
                           String deadLetterTopic, long deadLetters, Instant lastDeadLetterAt) {

        public TopicRow {
            endOffsets = List.copyOf(endOffsets);
        }

        public long endOffsetTotal() {
            return endOffsets.stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * A consumer group's position on one topic.
     *
     * @param committed the group's committed offsets summed over the topic's partitions it has committed on
     * @param lag       end offsets minus committed offsets, over those partitions; never negative
     * @param state     the group's state as the broker reports it (Stable, Empty, …)
     */
    public record GroupLag(String group, String topic, long committed, long lag, String state) {
    }

    public long totalDeadLetters() {
        return topics.stream().mapToLong(TopicRow::deadLetters).sum();
    }
}
