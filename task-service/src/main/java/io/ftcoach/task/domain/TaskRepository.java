package io.ftcoach.task.domain;

import io.ftcoach.support.workspace.AtomicFiles;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tasks live in their folder's task.yaml (spec §5.1), written atomically. Fields this service does not know are
 * kept as they are, so a person's own additions survive an update.
 */
public final class TaskRepository {

    private static final List<String> FOLDERS = List.of("data/raw", "versions", "scripts", "configs", "models",
            "benchmarks", "docs", "plans");
    private final Workspace workspace;
    private final YAMLMapper yaml = YAMLMapper.builder().build();

    public TaskRepository(Workspace workspace) {
        this.workspace = workspace;
    }

    public boolean exists(TaskName name) {
        return Files.exists(taskYaml(name));
    }

    /** Creates the folder tree and task.yaml; refuses an existing task. */
    public Task create(Task task) {
        if (exists(task.name())) {
            throw new IllegalStateException("Task '" + task.name() + "' exists already at "
                    + workspace.taskDir(task.name()) + "; choose another name or ask to overwrite it");
        }
        Path dir = workspace.taskDir(task.name());
        try {
            for (String f : FOLDERS) {
                Files.createDirectories(dir.resolve(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the task folders under " + dir, e);
        }
        write(task, yaml.createObjectNode());
        return task;
    }

    public Optional<Task> find(TaskName name) {
        Path file = taskYaml(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(fromYaml(name, read(file)));
    }

    public Task get(TaskName name) {
        return find(name).orElseThrow(() -> new java.util.NoSuchElementException(
                "No task named '" + name + "' in " + workspace.root() + "; list tasks with GET /api/tasks"));
    }

    public List<Task> list() {
        List<Task> out = new ArrayList<>();
        for (TaskName n : workspace.tasks()) {
            find(n).ifPresent(out::add);
        }
        return out;
    }

    public Task save(Task task) {
        write(task, (ObjectNode) read(taskYaml(task.name())));
        return task;
    }

    private void write(Task t, ObjectNode node) {
        node.put("task_name", t.name().value());
        node.put("version", t.activeVersion());
        node.put("status", t.status().name().toLowerCase());
        node.put("task_type", t.taskType());
        ObjectNode output = node.putObject("output_format");
        output.put("type", "single_label");
        var labels = output.putArray("labels");
        t.labels().forEach(labels::add);
        ObjectNode criteria = node.putObject("success_criteria");
        criteria.put("primary_metric", t.successCriteria().primaryMetric());
        criteria.put("threshold", t.successCriteria().threshold());
        node.putObject("execution").put("type", t.executionBackend());
        node.put("created", t.created().toString());
        node.put("updated", t.updated().toString());
        AtomicFiles.writeString(taskYaml(t.name()), yaml.writeValueAsString(node));
    }

    private JsonNode read(Path file) {
        try {
            return yaml.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IllegalStateException(file + " is not valid YAML: " + e.getOriginalMessage(), e);
        }
    }

    private static Task fromYaml(TaskName name, JsonNode n) {
        List<String> labels = new ArrayList<>();
        n.path("output_format").path("labels").forEach(l -> labels.add(l.asText()));
        return new Task(name, n.path("task_type").asText("classification"), labels,
                new SuccessCriteria(n.path("success_criteria").path("primary_metric").asText("macro_f1"),
                        n.path("success_criteria").path("threshold").asDouble(0.8)),
                n.path("execution").path("type").asText("baseline"),
                LifecycleStatus.valueOf(n.path("status").asText("created").toUpperCase()),
                n.path("version").isNull() || n.path("version").isMissingNode() ? null : n.path("version").asText(),
                Instant.parse(n.path("created").asText()), Instant.parse(n.path("updated").asText()));
    }

    private Path taskYaml(TaskName name) {
        return workspace.taskDir(name).resolve("task.yaml");
    }
}
