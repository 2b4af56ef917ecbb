package io.ftcoach.task.domain.versions;

import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.task.domain.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionHistoryTest {

    private static final TaskName TASK = TaskName.of("entity-sentiment");

    @TempDir
    Path state;

    @Test
    void versionsFollowTheirEventsAndSurviveARestart() {
        VersionHistory history = new VersionHistory(state);
        history.put(TASK, new VersionEntry("v1", null, "requested", TrainingConfig.projectDefault(), 4, "local",
                "snap-1", List.of("first version"), "2026-01-06T10:00:00Z", Map.of(), null, null));
        VersionEntry fresh = new VersionEntry("v1", null, "requested", null, null, null, null, List.of(), null,
                Map.of(), null, null);
        history.update(TASK, "v1", fresh, v -> v.withStatus("training"));
        history.update(TASK, "v1", fresh, v -> v.withMetrics(Map.of("macro_f1", 0.72), "2026-01-06T12:00:00Z"));
        history.update(TASK, "v1", fresh, v -> v.recorded(null, List.of("derived by lineage")));
        // a version lineage recorded without a request from this service
        VersionEntry unknown = new VersionEntry("v2", null, "requested", null, null, null, null, List.of(), null,
                Map.of(), null, null);
        history.update(TASK, "v2", unknown, v -> v.recorded("v1", List.of("epochs 8 → 6")));
        assertThatThrownBy(() -> history.update(TASK, "v3", unknown, v -> v)).isInstanceOf(IllegalArgumentException.class);

        VersionHistory restarted = new VersionHistory(state);
        assertThat(restarted.names(TASK)).containsExactly("v1", "v2");
        VersionEntry v1 = restarted.find(TASK, "v1").orElseThrow();
        assertThat(v1.status()).isEqualTo("recorded");
        assertThat(v1.config()).isEqualTo(TrainingConfig.projectDefault());
        assertThat(v1.metric("macro_f1")).isEqualTo(0.72);
        assertThat(v1.metric("accuracy")).isNull();
        assertThat(v1.changes()).containsExactly("first version");
        VersionEntry v2 = restarted.find(TASK, "v2").orElseThrow();
        assertThat(v2.parent()).isEqualTo("v1");
        assertThat(v2.status()).isEqualTo("recorded");
        assertThat(v2.changes()).containsExactly("epochs 8 → 6");
        assertThat(restarted.list(TaskName.of("other-task"))).isEmpty();
    }

    @Test
    void aDamagedHistoryIsReportedWithItsFile() throws Exception {
        Files.writeString(state.resolve("entity-sentiment.json"), "[{not json");
        assertThatThrownBy(() -> new VersionHistory(state).list(TASK)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("entity-sentiment.json cannot be read");
    }
}
