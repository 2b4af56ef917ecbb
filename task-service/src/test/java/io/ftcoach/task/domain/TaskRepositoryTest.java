package io.ftcoach.task.domain;

import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private static Task task(String name) {
        return new Task(TaskName.of(name), "classification", List.of("positive", "negative"),
                new SuccessCriteria("accuracy", 0.9), "baseline", LifecycleStatus.CREATED, null, T0, T0);
    }

    @Test
    void roundTripsAndKeepsFieldsItDoesNotKnow(@TempDir Path root) throws Exception {
        TaskRepository repo = new TaskRepository(new Workspace(root));
        repo.create(task("entity-sentiment"));
        Path yaml = root.resolve("entity-sentiment/task.yaml");
        Files.writeString(yaml, Files.readString(yaml) + "notes: \"written by a person\"\n");

        Task updated = repo.save(repo.get(TaskName.of("entity-sentiment"))
                .withActiveVersion("v2", T0.plusSeconds(60)).withStatus(LifecycleStatus.TRAINING, T0.plusSeconds(60)));

        assertThat(repo.get(TaskName.of("entity-sentiment"))).isEqualTo(updated);
        assertThat(yaml).content().contains("notes: \"written by a person\"").contains("version: \"v2\"");
        assertThat(repo.list()).extracting(Task::name).containsExactly(TaskName.of("entity-sentiment"));
    }

    @Test
    void refusesToOverwriteAnExistingTask(@TempDir Path root) {
        TaskRepository repo = new TaskRepository(new Workspace(root));
        repo.create(task("entity-sentiment"));
        assertThatThrownBy(() -> repo.create(task("entity-sentiment"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exists already");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2.1", "v3-exp", "2026-01-06", "20260106", "v2-20260106"})
    void acceptsTheVersionNamesOfTheSpec(String version) {
        assertThat(new TrainingRequest(version, null, "snap", null, null, null, null, null, 1, 1e-4, null, null, null, null, null)
                .version()).isEqualTo(version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "version-1", "v", "v1.2.3"})
    void refusesOtherVersionNames(String version) {
        assertThatThrownBy(() -> new TrainingRequest(version, null, "snap", null, null, null, null, null, 1, 1e-4, null, null, null, null, null))
                .hasMessageContaining("is not a version name");
    }

    @Test
    void successCriteriaMustBeAProbability() {
        assertThatThrownBy(() -> new SuccessCriteria("macro_f1", 0)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> new SuccessCriteria(" ", 0.8)).hasMessageContaining("primary_metric");
    }

    @Test
    void keepsTheCoachsCloseBandInTaskYaml(@TempDir Path root) throws Exception {
        TaskRepository repo = new TaskRepository(new Workspace(root));
        repo.create(task("close-band"));
        Task banded = repo.save(repo.get(TaskName.of("close-band")).withSuccessCriteria(
                new SuccessCriteria("accuracy", 0.9, List.of(), null, 0.03), T0.plusSeconds(1)));

        assertThat(root.resolve("close-band/task.yaml")).content().contains("close_band: 0.03");
        assertThat(repo.get(TaskName.of("close-band")).successCriteria().closeBand()).isEqualTo(0.03);
        assertThat(repo.get(TaskName.of("close-band"))).isEqualTo(banded);

        repo.save(banded.withSuccessCriteria(new SuccessCriteria("accuracy", 0.9), T0.plusSeconds(2)));
        assertThat(root.resolve("close-band/task.yaml")).content().doesNotContain("close_band");
    }

    @Test
    void theCloseBandIsADistanceBelowOne() {
        assertThatThrownBy(() -> new SuccessCriteria("macro_f1", 0.8, List.of(), null, 1.0))
                .hasMessageContaining("success_criteria.close_band").hasMessageContaining("below 1");
        assertThatThrownBy(() -> new SuccessCriteria("macro_f1", 0.8, List.of(), null, -0.01))
                .hasMessageContaining("success_criteria.close_band");
    }
}
