package io.ftcoach.lineage.domain;

import io.ftcoach.support.workspace.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.ftcoach.lineage.domain.LineageOrderTest.TASK;
import static org.assertj.core.api.Assertions.assertThat;

class LineageGraphTest {

    @TempDir
    Path root;

    @Test
    void versionsSnapshotsAndDeploymentsWithTheirEdgesAsJsonAndMermaid() {
        LineageStore store = new LineageStore(new Workspace(root));
        LineageOrderTest.events().forEach(e -> e.accept(store));
        store.retire(TASK, VersionName.of("v1"));

        LineageGraph g = store.graph(TASK);

        assertThat(g.versions()).extracting(LineageGraph.VersionNode::version).containsExactly("v1", "v2", "v3-exp");
        assertThat(g.versions().get(0).retired()).isTrue();
        assertThat(g.snapshots()).extracting(LineageGraph.SnapshotNode::snapshotId, LineageGraph.SnapshotNode::rows)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sha256-aaaa1111", 500L),
                        org.assertj.core.groups.Tuple.tuple("sha256-bbbb2222", 700L));
        assertThat(g.deployments()).extracting(LineageGraph.DeploymentNode::target,
                LineageGraph.DeploymentNode::version, LineageGraph.DeploymentNode::current).containsExactly(
                org.assertj.core.groups.Tuple.tuple("huggingface", "v2", true),
                org.assertj.core.groups.Tuple.tuple("ollama", "v2", true));
        assertThat(g.edges()).contains(new LineageGraph.Edge("v1", "v2", "parent"),
                new LineageGraph.Edge("v2", "v3-exp", "parent"),
                new LineageGraph.Edge("sha256-bbbb2222", "v2", "trained_on"),
                new LineageGraph.Edge("sha256-aaaa1111", "sha256-bbbb2222", "derived"),
                new LineageGraph.Edge("v2", "ollama:v2", "deployed"));

        assertThat(g.mermaid()).isEqualTo("""
                flowchart LR
                    s0[("snapshot sha256-aaaa1…<br/>500 rows")]
                    s1[("snapshot sha256-bbbb2…<br/>700 rows")]
                    ver2["v1<br/>macro_f1 0.72 ❌<br/>retired"]
                    ver3["v2<br/>macro_f1 0.815 ✅"]
                    ver4["v3-exp<br/>macro_f1 0.8 ✅"]
                    d5("huggingface<br/>acme/review-sentiment")
                    d6("ollama<br/>review-sentiment:v2")
                    s0 -.-> ver2
                    ver2 --> ver3
                    s1 -.-> ver3
                    ver3 ==> d5
                    ver3 ==> d6
                    ver3 --> ver4
                    s1 -.-> ver4
                    s0 -.-> s1
                """);
    }
}
