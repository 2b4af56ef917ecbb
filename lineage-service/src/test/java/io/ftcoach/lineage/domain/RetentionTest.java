package io.ftcoach.lineage.domain;

import io.ftcoach.support.workspace.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.ftcoach.lineage.domain.LineageOrderTest.T0;
import static io.ftcoach.lineage.domain.LineageOrderTest.TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionTest {

    static final Instant NOW = T0.plus(Duration.ofDays(30));
    static final Duration WEEK = Duration.ofDays(7);

    @TempDir
    Path root;
    LineageStore store;

    /** v1 (failed), v2 (deployed, best), v3-exp (passed), v4-exp (failed, old), v2.1 (newest passed), v5-exp (running). */
    @BeforeEach
    void record() {
        store = new LineageStore(new Workspace(root));
        LineageOrderTest.events().forEach(e -> e.accept(store));
        LineageOrderTest.version("v4-exp", "v2", "sha256-bbbb2222", 64, 4, T0.plusSeconds(190_000), 0.70, false)
                .forEach(e -> e.accept(store));
        LineageOrderTest.version("v2.1", "v2", "sha256-bbbb2222", 64, 5, T0.plusSeconds(200_000), 0.81, true)
                .forEach(e -> e.accept(store));
        LineageOrderTest.version("v5-exp", "v2.1", "sha256-bbbb2222", 64, 3, NOW.minus(Duration.ofDays(1)), 0, false)
                .subList(0, 1).forEach(e -> e.accept(store));   // requested only: no results yet
    }

    @Test
    void keepsTheDeployedTheBestAndTheMostRecentAndExpiresOldFailedExperiments() {
        Retention.Plan plan = store.retention(TASK, 1, WEEK, NOW, false);

        assertThat(plan.kept()).extracting(Retention.Decision::version, Retention.Decision::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("v5-exp", "failed experimental version (no evaluation recorded),"
                        + " expires after 2026-12-26T09:00:00Z"),
                org.assertj.core.groups.Tuple.tuple("v2.1", "one of the 1 most recent"),
                org.assertj.core.groups.Tuple.tuple("v2", "deployed: huggingface (acme/review-sentiment), "
                        + "ollama (review-sentiment:v2)"));
        assertThat(plan.removed()).extracting(Retention.Decision::version, Retention.Decision::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("v4-exp", "failed experimental version (macro_f1 0.7 below its "
                        + "threshold 0.8), older than 7 days"),
                org.assertj.core.groups.Tuple.tuple("v3-exp", "older than the 1 most recent [v2.1]"),
                org.assertj.core.groups.Tuple.tuple("v1", "older than the 1 most recent [v2.1]"));
        assertThat(plan.removed().get(2).artifacts()).containsExactly("models/adapter/v1");
    }

    @Test
    void theBestIsKeptEvenWhenNeitherRecentNorDeployed() {
        List<VersionLineage> versions = store.all(TASK, false).stream()
                .map(v -> new VersionLineage(v.version(), v.request(), v.results(), v.model(), null, v.analysis()))
                .toList();
        Retention.Plan plan = Retention.plan("t", versions, 1, WEEK, NOW, false);
        assertThat(plan.kept()).extracting(Retention.Decision::version).containsExactly("v5-exp", "v2.1", "v2");
        assertThat(plan.kept().get(2).reason()).isEqualTo("best macro_f1 0.815 of the task");
    }

    @Test
    void aDryRunChangesNothingAndAppliedRetentionLeavesTheKeptFilesAsTheyWere() throws Exception {
        var before = LineageOrderTest.files(root);
        Retention.Plan dry = store.retention(TASK, 1, WEEK, NOW, false);
        assertThat(dry.applied()).isFalse();
        assertThat(LineageOrderTest.files(root)).isEqualTo(before);

        Retention.Plan applied = store.retention(TASK, 1, WEEK, NOW, true);

        assertThat(applied.removed()).isEqualTo(dry.removed());
        Path versions = root.resolve("review-sentiment/versions");
        assertThat(versions.resolve("v1")).doesNotExist();
        assertThat(versions.resolve("v3-exp")).doesNotExist();
        assertThat(versions.resolve("_retired/v1/lineage-state.json")).exists();
        String v2 = Files.readString(versions.resolve("v2/lineage.yaml"));
        assertThat(v2).isEqualTo(before.get("review-sentiment/versions/v2/lineage.yaml")).contains("epochs 8 → 6");
        // rendering again (any later event does) still finds the retired parent
        store.renderTask(TASK);
        assertThat(Files.readString(versions.resolve("v2/lineage.yaml"))).isEqualTo(v2);
        assertThat(store.validate(TASK, VersionName.of("v2")).valid()).isTrue();
        assertThat(store.list(TASK)).extracting(VersionSummary::version).containsExactly("v2", "v2.1", "v5-exp");
    }

    @Test
    void aLateEventForARetiredVersionUpdatesItsRetiredStateAndDoesNotBringItsFolderBack() {
        store.retention(TASK, 1, WEEK, NOW, true);
        VersionName v1 = VersionName.of("v1");
        LineageStore.Recorded r = store.apply(TASK, v1, l -> l.merge(new AnalysisSection(
                new EventRef("late-analysis", NOW), "SIGNIFICANT_GAP", "too low", null, List.of())));

        assertThat(r.retired()).isTrue();
        assertThat(root.resolve("review-sentiment/versions/v1")).doesNotExist();
        assertThat(store.findRetired(TASK, v1)).hasValueSatisfying(
                l -> assertThat(l.analysis().decision()).isEqualTo("SIGNIFICANT_GAP"));
    }

    @Test
    void keepMustBePositive() {
        assertThatThrownBy(() -> store.retention(TASK, 0, WEEK, NOW, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep must be at least 1");
    }
}
