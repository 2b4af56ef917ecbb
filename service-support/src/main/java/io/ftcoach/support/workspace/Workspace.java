package io.ftcoach.support.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The folder that holds one folder per task (ARCHITECTURE.md §3). Each service writes only what it owns. */
public final class Workspace {

    private final Path root;

    public Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path taskDir(TaskName task) {
        Path dir = root.resolve(task.value()).normalize();
        if (!dir.getParent().equals(root)) {
            throw new IllegalStateException("Task folder " + dir + " is outside the workspace " + root);
        }
        return dir;
    }

    /** Names of the tasks present: the folders that hold a task.yaml. */
    public List<TaskName> tasks() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("task.yaml")))
                    .map(d -> d.getFileName().toString()).sorted()
                    .map(TaskName::new).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the workspace " + root, e);
        }
    }
}
