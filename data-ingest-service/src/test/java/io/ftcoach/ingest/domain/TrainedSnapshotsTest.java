package io.ftcoach.ingest.domain;

import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainedSnapshotsTest {

    private static final TaskName TASK = TaskName.of("review-task");
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path root;
    private DataWorkspace data;
    private TrainedSnapshots trained;

    @BeforeEach
    void task() throws Exception {
        Files.createDirectories(root.resolve(TASK.value()));
        Files.writeString(root.resolve(TASK.value()).resolve("task.yaml"), "task_name: review-task\n");
        data = new DataWorkspace(new Workspace(root), Clock.systemUTC());
        trained = new TrainedSnapshots(data);
    }

    @Test
    void changesAreCountedSinceTheSnapshotOfTheLatestTrainedVersion() {
        String v1Data = snapshot(List.of(LabeledRow.of("a", "x"), LabeledRow.of("b", "y")), List.of(LabeledRow.of("c", "x")));
        String v2Data = snapshot(List.of(LabeledRow.of("a", "x"), LabeledRow.of("b", "x")), List.of(LabeledRow.of("d", "y")));
        String now = snapshot(List.of(LabeledRow.of("a", "y"), LabeledRow.of("b", "x"), LabeledRow.of("e", "y")),
                List.of(LabeledRow.of("f", "x")));

        assertThat(trained.sinceTrained(TASK, now)).as("nothing trained yet").isEmpty();
        assertThat(trained.requested(TASK, "v1", v1Data, T0)).isTrue();
        assertThat(trained.completed(TASK, "v1", T0.plusSeconds(60))).isTrue();
        assertThat(trained.requested(TASK, "v2", v2Data, T0.plusSeconds(120))).isTrue();
        // v2 is not trained until its training completes
        assertThat(trained.sinceTrained(TASK, now)).get().satisfies(s -> {
            assertThat(s.version()).isEqualTo("v1");
            assertThat(s.sinceSnapshotId()).isEqualTo(v1Data);
            // a: label changed; b: label changed; c removed; d never in v1; e, f added
            assertThat(s.changes()).isEqualTo(new RowChanges(2, 2, 1));
        });

        trained.completed(TASK, "v2", T0.plusSeconds(300));
        assertThat(trained.sinceTrained(TASK, now)).get().satisfies(s -> {
            assertThat(s.version()).isEqualTo("v2");
            assertThat(s.changes()).isEqualTo(new RowChanges(2, 1, 1));
        });
        assertThat(new TrainedSnapshots(data).versions(TASK)).extracting(TrainedSnapshots.Version::version,
                TrainedSnapshots.Version::snapshotId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("v1", v1Data), org.assertj.core.groups.Tuple.tuple("v2", v2Data));
        assertThat(trained.changes(TASK, v1Data, v2Data)).isEqualTo(new RowChanges(1, 1, 1));
    }

    @Test
    void unknownTasksVersionsAndSnapshotsAreToldApart() {
        assertThat(trained.requested(TaskName.of("no-such-task"), "v1", "0".repeat(64), T0)).isFalse();
        assertThat(root.resolve("no-such-task")).doesNotExist();
        // a completion seen before its request counts once the request names the snapshot
        assertThat(trained.completed(TASK, "v9", T0)).isFalse();
        assertThat(trained.latestTrained(TASK)).isEmpty();
        trained.requested(TASK, "v9", "9".repeat(64), T0.minusSeconds(60));
        assertThat(trained.latestTrained(TASK)).get().extracting(TrainedSnapshots.Version::snapshotId)
                .isEqualTo("9".repeat(64));
        assertThatThrownBy(() -> trained.changes(TASK, "0".repeat(64), "1".repeat(64)))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("has no snapshot");
    }

    private String snapshot(List<LabeledRow> train, List<LabeledRow> valid) {
        return data.importSnapshot(TASK, new DatasetSplits(train, valid, List.of())).snapshot().snapshotId();
    }
}
