package io.ftcoach.task.domain.versions;

import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.task.domain.LifecycleStatus;
import io.ftcoach.task.domain.SuccessCriteria;
import io.ftcoach.task.domain.Task;
import io.ftcoach.task.domain.TrainingConfig;
import io.ftcoach.task.domain.TrainingRequest;
import io.ftcoach.task.domain.Versioning;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NewVersionPlannerTest {

    private static final LocalDate DAY = LocalDate.parse("2026-01-06");
    private static final Task TASK = new Task(TaskName.of("entity-sentiment"), "classification", "finance", "zh-TW",
            "{text}", "single_label", List.of("正面", "負面", "中立"), TrainingConfig.projectDefault(),
            SuccessCriteria.classificationDefault(), "remote_ssh", Versioning.defaults(), LifecycleStatus.EVALUATING,
            "v1", Instant.EPOCH, Instant.EPOCH);
    private static final VersionEntry V1 = new VersionEntry("v1", null, "recorded",
            new TrainingConfig("Qwen/Qwen3-4B", "lora", 32, 64, 8, 1e-5), 4, "ssh", "snap-1", List.of(), null,
            Map.of("macro_f1", 0.72), null, null);

    private static TrainingRequest request(String snapshot, String model, String method, Integer r, Integer epochs,
                                           Double lr, Boolean experimental) {
        return new TrainingRequest(null, null, snapshot, null, model, method, r, null, epochs, lr, null,
                List.of("+200 neutral samples"), null, experimental, null);
    }

    @Test
    void aParameterTweakCopiesTheParentsConfigAndIsAMinorVersion() {
        VersionPlan plan = NewVersionPlanner.plan(TASK, request("snap-1", null, null, 64, 6, null, null), "v1", V1,
                List.of("v1"), DAY);
        assertThat(plan.version()).isEqualTo("v1.1");
        assertThat(plan.kind()).isEqualTo(ChangeKind.MINOR);
        assertThat(plan.config()).isEqualTo(new TrainingConfig("Qwen/Qwen3-4B", "lora", 64, 64, 6, 1e-5));
        assertThat(plan.batchSize()).isEqualTo(4);
        assertThat(plan.backend()).isEqualTo("ssh");
        assertThat(plan.changes()).containsExactly("+200 neutral samples", "LoRA rank 32 → 64 (+100%)",
                "epochs 8 → 6 (−25%)");
    }

    @Test
    void newDataOrAnotherModelIsAMajorVersion() {
        VersionPlan data = NewVersionPlanner.plan(TASK, request("snap-2", null, null, null, null, null, null), "v1", V1,
                List.of("v1"), DAY);
        assertThat(data.version()).isEqualTo("v2");
        assertThat(data.changes()).contains("data snapshot snap-1 → snap-2");
        VersionPlan model = NewVersionPlanner.plan(TASK, request("snap-1", "Qwen/Qwen3-8B", "qlora", null, null, 5e-6,
                null), "v1", V1, List.of("v1", "v2"), DAY);
        assertThat(model.version()).isEqualTo("v3");
        assertThat(model.changes()).contains("base model Qwen/Qwen3-4B → Qwen/Qwen3-8B", "method lora → qlora",
                "learning_rate 1.0E-5 → 5.0E-6 (−50%)");
        VersionPlan full = NewVersionPlanner.plan(TASK, request("snap-1", null, "full", null, null, null, null), "v1",
                V1, List.of("v1"), DAY);
        assertThat(full.config().loraR()).isNull();
        VersionPlan exp = NewVersionPlanner.plan(TASK, request("snap-1", null, null, null, 3, null, true), "v1", V1,
                List.of("v1"), DAY);
        assertThat(exp.version()).isEqualTo("v2-exp");
    }

    @Test
    void withoutHistoryTheParentConfigIsTaskYamlsAndTheFirstVersionIsV1() {
        VersionPlan first = NewVersionPlanner.plan(TASK, request("snap-1", null, null, null, null, null, null), null,
                null, List.of(), DAY);
        assertThat(first.version()).isEqualTo("v1");
        assertThat(first.config()).isEqualTo(TrainingConfig.projectDefault());
        assertThat(first.changes()).containsExactly("+200 neutral samples");
    }

    @Test
    void invalidChangesAreRefusedPrecisely() {
        assertThatThrownBy(() -> NewVersionPlanner.plan(TASK, request("s", "acme/gpt-x", null, null, null, null, null),
                "v1", V1, List.of("v1"), DAY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'acme/gpt-x' is not a known base model");
        assertThatThrownBy(() -> NewVersionPlanner.plan(TASK, request("s", null, "magic", null, null, null, null),
                "v1", V1, List.of("v1"), DAY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("method 'magic' is not supported; use one of sft, lora, qlora, full, dpo, orpo");
        assertThatThrownBy(() -> NewVersionPlanner.plan(TASK, request("s", null, "full", 8, null, null, null),
                "v1", V1, List.of("v1"), DAY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("do not apply to method full");
        assertThatThrownBy(() -> new TrainingRequest(null, null, "s", null, null, null, null, null, null, null, null,
                null, 1.5, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold must be in (0, 1]").hasMessageContaining("was 1.5");
        assertThatThrownBy(() -> new TrainingRequest("../v1", null, "s", null, null, null, null, null, null, null, null,
                null, null, null, null)).hasMessageContaining("is not a version name");
        TrainingRequest withBackend = new TrainingRequest(null, null, "s", "gpu-farm", null, null, null, null, null,
                null, null, null, null, null, null);
        assertThatThrownBy(() -> NewVersionPlanner.plan(TASK, withBackend, "v1", V1, List.of("v1"), DAY))
                .hasMessageContaining("backend 'gpu-farm' is not one of baseline, local, ssh, kubernetes, skypilot");
        TrainingRequest taken = new TrainingRequest("v1", null, "s", null, null, null, null, null, null, null, null,
                null, null, null, null);
        assertThatThrownBy(() -> NewVersionPlanner.plan(TASK, taken, "v1", V1, List.of("v1"), DAY))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has a version 'v1' already");
    }
}
