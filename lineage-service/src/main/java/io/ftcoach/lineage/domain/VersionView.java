package io.ftcoach.lineage.domain;

import java.util.Objects;

/**
 * A version with everything its files are rendered from: its own lineage, its parent's (null while the parent is
 * not recorded or it has none), and the data snapshots both were trained on (null until their DataUpdated arrived).
 * The files of a version are a pure function of this view.
 */
public record VersionView(String task, VersionLineage lineage, VersionLineage parent, DataSection data,
                          DataSection parentData) {

    public VersionView {
        Objects.requireNonNull(lineage, "lineage");
    }

    /** A view without task name or snapshots: only what the version's own events and its parent's say. */
    public static VersionView of(VersionLineage lineage, VersionLineage parent) {
        return new VersionView(null, lineage, parent, null, null);
    }
}
