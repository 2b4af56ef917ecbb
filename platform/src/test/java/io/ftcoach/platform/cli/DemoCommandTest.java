package io.ftcoach.platform.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void wipesOnlyAFolderAnEarlierDemoMade(@TempDir Path dir) throws Exception {
        Path mine = dir.resolve("someone-else");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("notes.txt"), "keep me");
        assertThat(DemoCommand.prepare(mine)).contains("not empty and was not made by the demo");
        assertThat(mine.resolve("notes.txt")).hasContent("keep me");

        Path demo = dir.resolve("demo");
        assertThat(DemoCommand.prepare(demo)).isNull();
        Files.createDirectories(demo.resolve("workspace/demo-review-sentiment"));
        Files.writeString(demo.resolve("workspace/demo-review-sentiment/task.yaml"), "task_name: x\n");
        assertThat(DemoCommand.prepare(demo)).isNull();
        try (var left = Files.list(demo)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly(DemoCommand.MARKER);
        }
    }
}
