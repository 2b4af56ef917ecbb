package io.ftcoach.support.workspace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkspaceTest {

    @ParameterizedTest
    @ValueSource(strings = {"entity-sentiment", "a", "news-2026", "x1-y2-z3"})
    void acceptsKebabCase(String name) {
        assertThat(TaskName.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Entity_Sentiment", "../etc", "a--b", "-a", "a-", "a b", "a/b", "."})
    void refusesAnythingElseWithASuggestion(String name) {
        assertThatThrownBy(() -> TaskName.of(name)).isInstanceOf(TaskName.InvalidTaskNameException.class)
                .hasMessageContaining("kebab-case");
    }

    @Test
    void refusesBlankAndOverlongNames() {
        assertThatThrownBy(() -> TaskName.of(" ")).hasMessageContaining("required");
        assertThatThrownBy(() -> TaskName.of("a".repeat(65))).hasMessageContaining("at most 64");
        assertThat(TaskName.suggestion("Entity Sentiment!")).isEqualTo("entity-sentiment");
    }

    @Test
    void listsOnlyFoldersThatHoldATask(@TempDir Path root) throws IOException {
        Workspace ws = new Workspace(root);
        AtomicFiles.writeString(ws.taskDir(TaskName.of("b-task")).resolve("task.yaml"), "task_name: b-task\n");
        AtomicFiles.writeString(ws.taskDir(TaskName.of("a-task")).resolve("task.yaml"), "task_name: a-task\n");
        Files.createDirectories(root.resolve("not-a-task"));
        assertThat(ws.tasks()).extracting(TaskName::value).containsExactly("a-task", "b-task");
    }

    @Test
    void atomicWritesReplaceWholeFilesAndLeaveNoTemporaries(@TempDir Path root) throws IOException {
        Path file = root.resolve("x/task.yaml");
        AtomicFiles.writeString(file, "first");
        AtomicFiles.writeString(file, "second");
        assertThat(file).hasContent("second");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }
}
