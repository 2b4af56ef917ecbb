package io.ftcoach.lineage.domain;

/** One part of a version's lineage, contributed whole by one event. */
public interface Section {

    EventRef source();

    /** How a section arriving from an event changes what is recorded. */
    enum Merge {
        /** The section was new or newer: the lineage changed. */
        CHANGED,
        /** This very event was applied before (a redelivery): nothing changes, the outputs are simply rewritten. */
        ALREADY_APPLIED,
        /** A later event already gave this section: the incoming one is older and ignored. */
        SUPERSEDED;

        static Merge of(Section current, Section incoming) {
            if (current == null) {
                return CHANGED;
            }
            if (current.source().eventId().equals(incoming.source().eventId())) {
                return ALREADY_APPLIED;
            }
            return incoming.source().isNewerThan(current.source()) ? CHANGED : SUPERSEDED;
        }
    }
}
