package io.ftcoach.coach.domain;

import java.time.Instant;

/**
 * One line of a task's activity feed.
 *
 * @param time      when it happened (the event's occurredAt)
 * @param eventType the event's type, e.g. TrainingCompleted
 * @param version   the model version it concerns; null for task- and data-level events
 * @param text      one short sentence for a person
 * @param eventId   the event it came from
 */
public record ActivityItem(Instant time, String eventType, String version, String text, String eventId) {
}
