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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Tasks live in their folder's task.yaml (spec §5.1), written atomically. Every read and every write is checked
 * against the JSON Schema: an invalid file on disk is reported (409) with the field path and what was expected,
 * an invalid change is refused (400) before anything is written. Fields this service does not know are kept as
 * they are, so a person's own additions survive an update.
 */
public final class TaskRepository {

    private static final System.Logger LOG = System.getLogger(TaskRepository.class.getName());
    private static final List<String> FOLDERS = List.of("data/raw", "data/chat_format", "versions", "scripts",
            "configs", "models/adapter", "models/merged", "models/gguf", "benchmarks/data", "benchmarks/results",
            "docs", "plans");
    /** Fields a PATCH may not touch, with where to go instead. */
    private static final Map<String, String> NOT_PATCHABLE = Map.of(
            "task_name", "a task cannot be renamed; create a new task",
            "version", "change the active version with POST /api/tasks/{name}/rollback",
            "status", "the status follows the pipeline; archive with POST /api/tasks/{name}/archive",
            "created", "it is set when the task is created",
            "updated", "it is set on every change");

    private final Workspace workspace;
    private final YAMLMapper yaml = YAMLMapper.builder().build();
    private final TaskYamlValidator validator = new TaskYamlValidator();

    public TaskRepository(Workspace workspace) {
        this.workspace = workspace;
    }

    /** The outcome of a change: the task as written and the fields (dotted paths) that changed. */
    public record Change(Task task, List<String> changedFields) {
    }

    public boolean exists(TaskName name) {
        return Files.exists(taskYaml(name));
    }

    /** Creates the folder tree and task.yaml; refuses an existing task. */
    public synchronized Task create(Task task) {
        if (exists(task.name())) {
            throw new IllegalStateException("Task '" + task.name() + "' exists already at "
                    + workspace.taskDir(task.name()) + "; choose another name or ask to overwrite it");
        }
        ObjectNode node = yaml.createObjectNode();
        toYaml(task, node);
        ObjectNode retention = node.withObjectProperty("versioning").putObject("retention");
        // spec §6.1 retention object
        retention.put("keep_recent", 3).put("keep_deployed", true).put("keep_best", true).put("cleanup_exp_after", "7d");
        checkBeforeWrite(task.name(), node); // validate first: nothing is created for an invalid task
        Path dir = workspace.taskDir(task.name());
        try {
            for (String f : FOLDERS) {
                Files.createDirectories(dir.resolve(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the task folders under " + dir, e);
        }
        AtomicFiles.writeString(taskYaml(task.name()), yaml.writeValueAsString(node));
        return task;
    }

    public Optional<Task> find(TaskName name) {
        Path file = taskYaml(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(fromYaml(name, readValid(name)));
    }

    public Task get(TaskName name) {
        return find(name).orElseThrow(() -> new NoSuchElementException(
                "No task named '" + name + "' in " + workspace.root() + "; list tasks with GET /api/tasks"));
    }

    /** Every valid task; an invalid task.yaml is left out of the list and logged with its problems. */
    public List<Task> list() {
        List<Task> out = new ArrayList<>();
        for (TaskName n : workspace.tasks()) {
            try {
                find(n).ifPresent(out::add);
            } catch (TaskYamlInvalidException e) {
                LOG.log(System.Logger.Level.WARNING, "task '" + n + "' left out of the list: " + e.getMessage());
            }
        }
        return out;
    }

    /** Writes the task's fields over its current task.yaml, keeping fields this service does not model. */
    public synchronized Task save(Task task) {
        ObjectNode node = readValid(task.name()).deepCopy();
        toYaml(task, node);
        checkBeforeWrite(task.name(), node);
        AtomicFiles.writeString(taskYaml(task.name()), yaml.writeValueAsString(node));
        return task;
    }

    /**
     * Reads the task, applies {@code change} and writes the result, all under this repository's lock, so that a
     * change computed from the current file cannot overwrite one made a moment earlier in this process.
     * Returns empty when the task does not exist.
     */
    public synchronized Optional<Task> update(TaskName name, UnaryOperator<Task> change) {
        return find(name).map(current -> {
            Task next = change.apply(current);
            return next.equals(current) ? current : save(next);
        });
    }

    /**
     * Applies a JSON merge patch (RFC 7396: objects merge, null removes, anything else replaces) to task.yaml, in
     * snake_case as the file has it. The result is validated before it is written; nothing changes otherwise.
     */
    public synchronized Change patch(TaskName name, JsonNode patch, Instant now) {
        if (patch == null || !patch.isObject() || patch.isEmpty()) {
            throw new IllegalArgumentException("The patch must be a non-empty JSON object of task.yaml fields, e.g. "
                    + "{\"success_criteria\": {\"threshold\": 0.85}}");
        }
        for (String field : patch.propertyNames()) {
            if (NOT_PATCHABLE.containsKey(field)) {
                throw new IllegalArgumentException("Field '" + field + "' cannot be patched: " + NOT_PATCHABLE.get(field));
            }
        }
        ObjectNode current = readValid(name);
        ObjectNode next = current.deepCopy();
        merge(next, (ObjectNode) patch);
        List<String> changed = new ArrayList<>();
        diff("", current, next, changed);
        if (changed.isEmpty()) {
            return new Change(fromYaml(name, current), List.of());
        }
        next.put("updated", now.toString());
        checkBeforeWrite(name, next);
        Task task;
        try {
            task = fromYaml(name, next);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidTaskChangeException("task.yaml of '" + name + "' would be invalid, nothing was written: "
                    + e.getMessage(), List.of());
        }
        AtomicFiles.writeString(taskYaml(name), yaml.writeValueAsString(next));
        return new Change(task, List.copyOf(changed));
    }

    /** The versions lineage-service has recorded for the task ({@code versions/<v>/}), sorted by name. */
    public List<String> recordedVersions(TaskName name) {
        Path dir = workspace.taskDir(name).resolve("versions");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (value.isObject() && target.get(e.getKey()) instanceof ObjectNode existing) {
                merge(existing, (ObjectNode) value);
            } else {
                target.set(e.getKey(), value.deepCopy());
            }
        }
    }

    private static void diff(String prefix, JsonNode before, JsonNode after, List<String> out) {
        if (before != null && after != null && before.isObject() && after.isObject()) {
            Set<String> keys = new java.util.TreeSet<>(before.propertyNames());
            keys.addAll(after.propertyNames());
            for (String k : keys) {
                diff(prefix.isEmpty() ? k : prefix + "." + k, before.get(k), after.get(k), out);
            }
        } else if (before == null ? after != null : !before.equals(after)) {
            out.add(prefix);
        }
    }

    private void checkBeforeWrite(TaskName name, ObjectNode node) {
        List<TaskYamlValidator.Violation> violations = validator.validate(node);
        if (!violations.isEmpty()) {
            throw new InvalidTaskChangeException("task.yaml of '" + name + "' would be invalid, nothing was written: "
                    + TaskYamlValidator.describe(violations), violations);
        }
    }

    private ObjectNode readValid(TaskName name) {
        Path file = taskYaml(name);
        JsonNode node;
        try {
            node = yaml.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new TaskYamlInvalidException(file + " is not valid YAML: " + e.getOriginalMessage()
                    + "; fix the file, nothing was changed", List.of(), e);
        }
        if (node == null || !node.isObject()) {
            throw new TaskYamlInvalidException(file + " is not a YAML mapping of task fields (spec §5.1); fix the "
                    + "file, nothing was changed", List.of(new TaskYamlValidator.Violation("/", "an object")), null);
        }
        List<TaskYamlValidator.Violation> violations = validator.validate(node);
        if (!violations.isEmpty()) {
            throw new TaskYamlInvalidException(file + " does not match the task.yaml schema: "
                    + TaskYamlValidator.describe(violations) + "; fix the file, nothing was changed", violations, null);
        }
        try {
            fromYaml(name, node);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new TaskYamlInvalidException(file + " is invalid: " + e.getMessage()
                    + "; fix the file, nothing was changed", List.of(), e);
        }
        return (ObjectNode) node;
    }

    private static void toYaml(Task t, ObjectNode node) {
        node.put("task_name", t.name().value());
        node.put("version", t.activeVersion());
        node.put("status", t.status().name().toLowerCase());
        node.put("task_type", t.taskType());
        node.put("domain", t.domain());
        node.put("language", t.language());
        node.put("input_template", t.inputTemplate());
        ObjectNode output = node.withObjectProperty("output_format");
        output.put("type", t.outputType());
        var labels = output.putArray("labels");
        t.labels().forEach(labels::add);
        if (!output.has("schema")) {
            output.putObject("schema");
        }
        ObjectNode training = node.withObjectProperty("training");
        TrainingConfig c = t.training();
        training.put("base_model", c.baseModel());
        training.put("method", c.method());
        if (c.loraR() != null) {
            training.withObjectProperty("lora").put("r", c.loraR()).put("alpha", c.loraAlpha());
        } else {
            training.remove("lora");
        }
        training.put("epochs", c.epochs());
        training.put("learning_rate", c.learningRate());
        ObjectNode criteria = node.withObjectProperty("success_criteria");
        SuccessCriteria s = t.successCriteria();
        criteria.put("primary_metric", s.primaryMetric());
        criteria.put("threshold", s.threshold());
        var secondary = criteria.putArray("secondary_metrics");
        s.secondaryMetrics().forEach(secondary::add);
        if (s.perClassFloor() != null) {
            criteria.put("per_class_floor", s.perClassFloor());
        } else {
            criteria.remove("per_class_floor");
        }
        if (s.closeBand() != null) {
            criteria.put("close_band", s.closeBand());
        } else {
            criteria.remove("close_band");
        }
        node.withObjectProperty("execution").put("type", t.executionBackend());
        ObjectNode versioning = node.withObjectProperty("versioning");
        versioning.put("strategy", t.versioning().strategy());
        versioning.put("naming", t.versioning().naming());
        versioning.put("deploy_target", t.versioning().deployTarget());
        node.put("created", t.created().toString());
        node.put("updated", t.updated().toString());
    }

    private static Task fromYaml(TaskName name, JsonNode n) {
        List<String> labels = new ArrayList<>();
        n.path("output_format").path("labels").forEach(l -> labels.add(l.asString()));
        JsonNode tr = n.path("training");
        JsonNode lora = tr.path("lora");
        TrainingConfig training = new TrainingConfig(tr.path("base_model").asString(), tr.path("method").asString(),
                lora.has("r") ? lora.get("r").asInt() : null, lora.has("alpha") ? lora.get("alpha").asInt() : null,
                tr.path("epochs").asInt(), tr.path("learning_rate").asDouble());
        JsonNode sc = n.path("success_criteria");
        List<String> secondary = new ArrayList<>();
        sc.path("secondary_metrics").forEach(m -> secondary.add(m.asString()));
        SuccessCriteria criteria = new SuccessCriteria(sc.path("primary_metric").asString(),
                sc.path("threshold").asDouble(), secondary,
                sc.path("per_class_floor").isNumber() ? sc.get("per_class_floor").asDouble() : null,
                sc.path("close_band").isNumber() ? sc.get("close_band").asDouble() : null);
        JsonNode v = n.path("versioning");
        Versioning versioning = new Versioning(v.path("strategy").asString(), v.path("naming").asString(),
                v.path("deploy_target").asString());
        JsonNode version = n.path("version");
        if (!name.value().equals(n.path("task_name").asString())) {
            throw new IllegalArgumentException("task_name '" + n.path("task_name").asString()
                    + "' does not match the task's folder '" + name + "'");
        }
        return new Task(name, n.path("task_type").asString(), n.path("domain").asString(),
                n.path("language").asString(), n.path("input_template").asString(),
                n.path("output_format").path("type").asString(), labels, training, criteria,
                n.path("execution").path("type").asString(), versioning,
                LifecycleStatus.valueOf(n.path("status").asString().toUpperCase()),
                version.isNull() || version.isMissingNode() ? null : version.asString(),
                Instant.parse(n.path("created").asString()), Instant.parse(n.path("updated").asString()));
    }

    private Path taskYaml(TaskName name) {
        return workspace.taskDir(name).resolve("task.yaml");
    }
}
