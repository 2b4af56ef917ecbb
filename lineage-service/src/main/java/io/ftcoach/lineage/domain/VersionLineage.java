package io.ftcoach.lineage.domain;

import java.util.List;
import java.util.Objects;

/**
 * Everything recorded about one version, section by section; a section is null until its event has arrived.
 * Merging is commutative and idempotent (see {@link Section.Merge}), so the lineage is a pure function of the set
 * of events received, whatever their order and however often each was delivered.
 */
public record VersionLineage(VersionName version, RequestSection request, ResultsSection results,
                             ModelSection model) {

    public VersionLineage {
        Objects.requireNonNull(version, "version");
    }

    public static VersionLineage empty(VersionName version) {
        return new VersionLineage(version, null, null, null);
    }

    public Merged merge(RequestSection incoming) {
        Section.Merge m = Section.Merge.of(request, incoming);
        return new Merged(m == Section.Merge.CHANGED ? new VersionLineage(version, incoming, results, model) : this, m);
    }

    public Merged merge(ResultsSection incoming) {
        Section.Merge m = Section.Merge.of(results, incoming);
        return new Merged(m == Section.Merge.CHANGED ? new VersionLineage(version, request, incoming, model) : this, m);
    }

    public Merged merge(ModelSection incoming) {
        Section.Merge m = Section.Merge.of(model, incoming);
        return new Merged(m == Section.Merge.CHANGED ? new VersionLineage(version, request, results, incoming) : this, m);
    }

    public String parent() {
        return request == null ? null : request.parent();
    }

    public String dataSnapshotId() {
        return request == null ? null : request.dataSnapshotId();
    }

    /**
     * The changes the person stated. The full {@code changes} list, with the differences derived from the parent
     * after them, is {@link ChangeDerivation#changes(VersionLineage, VersionLineage)}.
     */
    public List<String> changes() {
        return request == null ? List.of() : request.statedChanges();
    }

    /** The lineage after a merge, and what the merge did. */
    public record Merged(VersionLineage lineage, Section.Merge outcome) {
    }
}
