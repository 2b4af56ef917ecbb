package io.ftcoach.lineage.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything recorded about one version, section by section; a section is null until its event has arrived.
 * Merging is commutative and idempotent (see {@link Section.Merge}), so the lineage is a pure function of the set
 * of events received, whatever their order and however often each was delivered.
 *
 * <p>{@code deployments} holds the latest deployment per target, by target name; {@code analysis} the latest
 * decision of the coach.
 */
public record VersionLineage(VersionName version, RequestSection request, ResultsSection results,
                             ModelSection model, Map<String, DeploymentSection> deployments,
                             AnalysisSection analysis) {

    public VersionLineage {
        Objects.requireNonNull(version, "version");
        deployments = deployments == null ? Map.of() : new TreeMap<>(deployments);
    }

    public static VersionLineage empty(VersionName version) {
        return new VersionLineage(version, null, null, null, null, null);
    }

    public Merged merge(RequestSection incoming) {
        Section.Merge m = Section.Merge.of(request, incoming);
        return changed(m, new VersionLineage(version, incoming, results, model, deployments, analysis));
    }

    public Merged merge(ResultsSection incoming) {
        Section.Merge m = Section.Merge.of(results, incoming);
        return changed(m, new VersionLineage(version, request, incoming, model, deployments, analysis));
    }

    public Merged merge(ModelSection incoming) {
        Section.Merge m = Section.Merge.of(model, incoming);
        return changed(m, new VersionLineage(version, request, results, incoming, deployments, analysis));
    }

    public Merged merge(DeploymentSection incoming) {
        Section.Merge m = Section.Merge.of(deployments.get(incoming.target()), incoming);
        Map<String, DeploymentSection> next = new TreeMap<>(deployments);
        next.put(incoming.target(), incoming);
        return changed(m, new VersionLineage(version, request, results, model, next, analysis));
    }

    public Merged merge(AnalysisSection incoming) {
        Section.Merge m = Section.Merge.of(analysis, incoming);
        return changed(m, new VersionLineage(version, request, results, model, deployments, incoming));
    }

    private Merged changed(Section.Merge m, VersionLineage next) {
        return new Merged(m == Section.Merge.CHANGED ? next : this, m);
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
