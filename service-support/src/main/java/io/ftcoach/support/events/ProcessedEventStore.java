package io.ftcoach.support.events;

/**
 * Remembers which events a consumer group has applied, so an event delivered again (at-least-once delivery,
 * a rebalance, a replay) has one effect.
 */
public interface ProcessedEventStore {

    boolean isProcessed(String consumerGroup, String eventId);

    void markProcessed(String consumerGroup, String eventId);
}
