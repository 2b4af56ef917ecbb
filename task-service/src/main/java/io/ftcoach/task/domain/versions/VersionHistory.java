package io.ftcoach.task.domain.versions;

import io.ftcoach.support.workspace.AtomicFiles;
import io.ftcoach.support.workspace.TaskName;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Each task's versions as task-service has seen them: the trainings it requested and what the pipeline's events
 * said about them. A small read model in this service's state folder ({@code <state>/task-service/versions/
 * <task>.json}, written atomically), in request order.
 */
public final class VersionHistory {

    private final Path dir;
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public VersionHistory(Path dir) {
        this.dir = dir;
    }

    public synchronized List<VersionEntry> list(TaskName task) {
        Path file = file(task);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return List.of(json.readValue(file.toFile(), VersionEntry[].class));
        } catch (JacksonException e) {
            throw new IllegalStateException("The version history " + file + " cannot be read (" + e.getOriginalMessage()
                    + "); move it away and the history starts again from the next pipeline event", e);
        }
    }

    public Optional<VersionEntry> find(TaskName task, String version) {
        return list(task).stream().filter(v -> v.version().equals(version)).findFirst();
    }

    /** Adds a version, or replaces the entry of the same name. */
    public synchronized void put(TaskName task, VersionEntry entry) {
        List<VersionEntry> entries = new ArrayList<>(list(task));
        entries.removeIf(v -> v.version().equals(entry.version()));
        entries.add(entry);
        write(task, entries);
    }

    /**
     * Applies {@code change} to the version's entry; a version task-service did not ask for (trained by hand, or
     * before this service kept a history) starts from {@code fresh}.
     */
    public synchronized VersionEntry update(TaskName task, String version, VersionEntry fresh,
                                            UnaryOperator<VersionEntry> change) {
        if (!fresh.version().equals(version)) {
            throw new IllegalArgumentException("The fresh entry is for " + fresh.version() + ", not " + version);
        }
        List<VersionEntry> entries = new ArrayList<>(list(task));
        int at = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).version().equals(version)) {
                at = i;
            }
        }
        VersionEntry next = change.apply(at < 0 ? fresh : entries.get(at));
        if (at < 0) {
            entries.add(next);
        } else {
            entries.set(at, next);
        }
        write(task, entries);
        return next;
    }

    private void write(TaskName task, List<VersionEntry> entries) {
        AtomicFiles.write(file(task), json.writeValueAsBytes(entries.toArray(VersionEntry[]::new)));
    }

    private Path file(TaskName task) {
        return dir.resolve(task.value() + ".json");
    }

    /** Names, for naming the next one. */
    public List<String> names(TaskName task) {
        return list(task).stream().map(VersionEntry::version).toList();
    }
}
