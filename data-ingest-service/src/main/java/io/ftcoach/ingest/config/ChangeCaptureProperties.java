package io.ftcoach.ingest.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Continuous capture of {@code database} sources with {@code config.mode: continuous}.
 *
 * @param enabled                 off: no capture runs, such sources are read as one-off snapshots
 * @param maxChanges              a new data snapshot follows at once after this many changes …
 * @param quietPeriod             … or once no change arrived for this long
 * @param reconcileInterval       how often data_source.yaml files are checked for captures to start or stop
 * @param retryInterval           how long a failed capture waits before it is started again
 * @param pollInterval            Debezium's poll interval: the delay before a change is seen
 * @param offsetFlushInterval     how often a capture's offsets are written to Kafka
 * @param offsetTopicPrefix       offsets of a capture go to {@code <prefix><task>.<source>}
 * @param offsetReplicationFactor replication factor of those topics (1 fits the single embedded broker)
 */
@ConfigurationProperties(prefix = "ftcoach.data-ingest.cdc")
public record ChangeCaptureProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500") int maxChanges,
        @DefaultValue("5s") Duration quietPeriod,
        @DefaultValue("10s") Duration reconcileInterval,
        @DefaultValue("30s") Duration retryInterval,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("1s") Duration offsetFlushInterval,
        @DefaultValue("ftcoach.cdc-offsets.") String offsetTopicPrefix,
        @DefaultValue("1") short offsetReplicationFactor) {
}
