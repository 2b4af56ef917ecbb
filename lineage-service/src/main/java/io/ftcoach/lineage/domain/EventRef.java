package io.ftcoach.lineage.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * The event a section of a lineage came from. When two different events speak for the same section (a version
 * evaluated twice), the one that happened later wins, ties broken by event id, so the outcome does not depend on
 * the order in which they arrive.
 */
public record EventRef(String eventId, Instant occurredAt) {

    private static final Comparator<EventRef> RECENCY =
            Comparator.comparing(EventRef::occurredAt).thenComparing(EventRef::eventId);

    public EventRef {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    public boolean isNewerThan(EventRef other) {
        return RECENCY.compare(this, other) > 0;
    }
}
