package io.ftcoach.ingest.cdc;

import java.time.Duration;

/**
 * How continuous captures run.
 *
 * @param bootstrapServers        the Kafka that keeps the captures' offsets (the service's own)
 * @param offsetTopicPrefix       each capture keeps its offsets in {@code <prefix><task>.<source>}
 * @param offsetReplicationFactor replication factor of those topics when the capture creates them
 * @param maxChanges              a data snapshot is taken at once after this many changes …
 * @param quietPeriod             … or when no change arrived for this long
 * @param pollInterval            how often Debezium polls for new changes (its latency)
 * @param offsetFlushInterval     how often offsets are written to Kafka; the rows are stored before
 * @param startTimeout            how long a stop waits for the engine to close
 */
public record CaptureSettings(String bootstrapServers, String offsetTopicPrefix, short offsetReplicationFactor,
                              int maxChanges, Duration quietPeriod, Duration pollInterval,
                              Duration offsetFlushInterval, Duration startTimeout) {

    public CaptureSettings {
        if (maxChanges < 1) {
            throw new IllegalArgumentException("maxChanges must be at least 1, was " + maxChanges);
        }
        if (quietPeriod.isNegative() || quietPeriod.isZero()) {
            throw new IllegalArgumentException("quietPeriod must be positive, was " + quietPeriod);
        }
    }
}
