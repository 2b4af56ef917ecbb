package io.ftcoach.dispatcher.domain.project;

import io.ftcoach.dispatcher.domain.FailureCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeneratedProjectTest {

    @TempDir
    Path root;

    @Test
    void findsTheNewestCheckpointByStepNotByName() throws Exception {
        Path task = StandInProject.create(root, "", "");
        GeneratedProject project = GeneratedProject.in(task, "v2");
        assertThat(project.latestCheckpoint()).isEmpty();
        for (String c : List.of("checkpoint-900", "checkpoint-1000", "checkpoint-50", "checkpoint-final")) {
            Files.createDirectories(task.resolve("models/adapter/v2/" + c));
        }

        assertThat(project.latestCheckpoint()).contains("models/adapter/v2/checkpoint-1000");
        assertThat(project.latestCheckpoint(List.of("checkpoint-7", "checkpoint-12", "logs")))
                .contains("models/adapter/v2/checkpoint-12");
        assertThat(project.trainArguments("models/adapter/v2/checkpoint-1000")).containsExactly("-u",
                "scripts/04_train.py", "--version", "v2", "--resume_from_checkpoint", "models/adapter/v2/checkpoint-1000");
    }

    @Test
    void refusesAVersionThatCannotNameAFolder() throws Exception {
        Path task = StandInProject.create(root, "", "");

        assertThatThrownBy(() -> GeneratedProject.in(task, "../v2")).hasMessageContaining("cannot name a model folder");
    }

    @Test
    void tellsWhyAScriptFailed() {
        assertThat(GeneratedProject.scriptFailed("scripts/04_train.py", 1, "locally", "x\nCUDA out of memory").category())
                .isEqualTo(FailureCategory.OUT_OF_MEMORY);
        assertThat(GeneratedProject.scriptFailed("scripts/04_train.py", 137, "locally", "").category())
                .isEqualTo(FailureCategory.OUT_OF_MEMORY);
        assertThat(GeneratedProject.scriptFailed("scripts/04_train.py", 1, "locally",
                "ModuleNotFoundError: No module named 'peft'").reason()).contains("'peft'", "pip install");
        assertThat(GeneratedProject.scriptFailed("scripts/05_evaluate.py", 1, "locally",
                "FileNotFoundError: data/test.jsonl").category()).isEqualTo(FailureCategory.DATA);
        assertThat(GeneratedProject.scriptFailed("scripts/05_evaluate.py", 2, "on gpu-1:22", "ValueError: bad")
                .reason()).startsWith("scripts/05_evaluate.py exited with code 2 on gpu-1:22. The log tail");
    }
}
