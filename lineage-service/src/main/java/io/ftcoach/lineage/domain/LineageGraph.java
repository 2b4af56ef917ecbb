package io.ftcoach.lineage.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task's lineage as a graph: versions (with their parent), the data snapshots they were trained on (with the
 * snapshot each was derived from) and the deployments; as JSON and as a Mermaid flowchart. Versions oldest first,
 * snapshots by recording time, deployments by target, so equal lineage gives equal output.
 */
public record LineageGraph(String task, List<VersionNode> versions, List<SnapshotNode> snapshots,
                           List<DeploymentNode> deployments, List<Edge> edges) {

    /** {@code retired}: removed by retention, kept only as the parent of others. */
    public record VersionNode(String version, String parent, Instant created, String dataSnapshotId,
                              String primaryMetric, Double primaryValue, Boolean passed, boolean retired) {
    }

    /** {@code recorded} false for a snapshot a version names whose DataUpdated has not arrived. */
    public record SnapshotNode(String snapshotId, String parentSnapshotId, Long rows, boolean recorded) {
    }

    /** {@code current}: the version this target last received. */
    public record DeploymentNode(String target, String location, String version, Instant deployedAt,
                                 boolean current) {
    }

    /** kind: parent (version → child), trained_on (snapshot → version), derived (snapshot → snapshot), deployed. */
    public record Edge(String from, String to, String kind) {
    }

    public static LineageGraph of(String task, List<VersionLineage> active, List<VersionLineage> retired,
                                  List<DataSection> snapshots) {
        List<VersionNode> versions = new ArrayList<>();
        List<VersionLineage> all = new ArrayList<>(active);
        all.addAll(retired);
        all.sort(Comparator.comparing((VersionLineage v) -> v.request() == null ? null
                        : v.request().source().occurredAt(), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(v -> v.version().value()));
        Map<String, SnapshotNode> snaps = new LinkedHashMap<>();
        snapshots.stream().sorted(Comparator.comparing((DataSection d) -> d.source().occurredAt())
                        .thenComparing(DataSection::snapshotId))
                .forEach(d -> snaps.put(d.snapshotId(), new SnapshotNode(d.snapshotId(), d.parentSnapshotId(),
                        d.totalCount(), true)));
        List<Edge> edges = new ArrayList<>();
        List<DeploymentNode> deployments = new ArrayList<>();
        Map<String, String> current = Retention.deployed(active);
        for (VersionLineage v : all) {
            ResultsSection r = v.results();
            boolean isRetired = retired.contains(v);
            String name = v.version().value();
            versions.add(new VersionNode(name, v.parent(), v.request() == null ? null
                    : v.request().source().occurredAt(), v.dataSnapshotId(), r == null ? null : r.primaryMetric(),
                    r == null ? null : r.primaryValue(), r == null ? null : r.passed(), isRetired));
            if (v.parent() != null) {
                edges.add(new Edge(v.parent(), name, "parent"));
            }
            if (v.dataSnapshotId() != null) {
                snaps.putIfAbsent(v.dataSnapshotId(), new SnapshotNode(v.dataSnapshotId(), null, null, false));
                edges.add(new Edge(v.dataSnapshotId(), name, "trained_on"));
            }
            for (DeploymentSection d : v.deployments().values()) {
                boolean isCurrent = current.getOrDefault(name, "").contains(d.target() + " (" + d.location() + ")");
                deployments.add(new DeploymentNode(d.target(), d.location(), name, d.source().occurredAt(),
                        isCurrent));
                edges.add(new Edge(name, d.target() + ":" + name, "deployed"));
            }
        }
        for (SnapshotNode s : snaps.values()) {
            if (s.parentSnapshotId() != null && snaps.containsKey(s.parentSnapshotId())) {
                edges.add(new Edge(s.parentSnapshotId(), s.snapshotId(), "derived"));
            }
        }
        deployments.sort(Comparator.comparing(DeploymentNode::target).thenComparing(DeploymentNode::deployedAt));
        return new LineageGraph(task, List.copyOf(versions), List.copyOf(snaps.values()), List.copyOf(deployments),
                List.copyOf(edges));
    }

    /** A Mermaid flowchart: versions as boxes, snapshots as cylinders, deployments as rounded boxes. */
    public String mermaid() {
        Map<String, String> ids = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (SnapshotNode s : snapshots) {
            String id = "s" + ids.size();
            ids.put(s.snapshotId(), id);
            out.append("    ").append(id).append("[(\"snapshot ").append(label(ChangeDerivation.snapshot(s.snapshotId())))
                    .append(s.rows() == null ? "<br/>not recorded" : "<br/>" + s.rows() + " rows").append("\")]\n");
        }
        for (VersionNode v : versions) {
            String id = "ver" + ids.size();
            ids.put(v.version(), id);
            out.append("    ").append(id).append("[\"").append(label(v.version()));
            if (v.primaryValue() != null) {
                out.append("<br/>").append(label(v.primaryMetric())).append(' ').append(v.primaryValue())
                        .append(Boolean.TRUE.equals(v.passed()) ? " ✅" : " ❌");
            }
            if (v.retired()) {
                out.append("<br/>retired");
            }
            out.append("\"]\n");
        }
        for (DeploymentNode d : deployments) {
            String key = d.target() + ":" + d.version();
            if (!ids.containsKey(key)) {
                String id = "d" + ids.size();
                ids.put(key, id);
                out.append("    ").append(id).append("(\"").append(label(d.target())).append("<br/>")
                        .append(label(d.location())).append(d.current() ? "" : "<br/>replaced").append("\")\n");
            }
        }
        for (Edge e : edges) {
            String from = ids.get(e.from());
            String to = ids.get(e.to());
            if (from == null || to == null) {
                continue;   // a parent that is neither recorded nor retired
            }
            String arrow = switch (e.kind()) {
                case "trained_on", "derived" -> " -.-> ";
                case "deployed" -> " ==> ";
                default -> " --> ";
            };
            out.append("    ").append(from).append(arrow).append(to).append('\n');
        }
        return out.toString();
    }

    /** Mermaid labels are quoted; a quote inside would end them. */
    private static String label(String text) {
        return text == null ? "" : text.replace("\"", "#quot;");
    }
}
