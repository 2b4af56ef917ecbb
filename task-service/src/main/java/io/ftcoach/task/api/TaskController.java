package io.ftcoach.task.api;

import io.ftcoach.support.events.EventPublisher;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.task.domain.LifecycleStatus;
import io.ftcoach.task.domain.SuccessCriteria;
import io.ftcoach.task.domain.Task;
import io.ftcoach.task.domain.TaskRepository;
import io.ftcoach.task.domain.TrainingConfig;
import io.ftcoach.task.domain.TrainingRequest;
import io.ftcoach.task.domain.Versioning;
import io.ftcoach.task.domain.recommend.Need;
import io.ftcoach.task.domain.recommend.RecommendationRequest;
import io.ftcoach.task.domain.recommend.Recommender;
import io.ftcoach.task.domain.versions.NewVersionPlanner;
import io.ftcoach.task.domain.versions.VersionEntry;
import io.ftcoach.task.domain.versions.VersionHistory;
import io.ftcoach.task.domain.versions.VersionPlan;
import io.ftcoach.task.events.TaskEvents;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

@RestController
@RequestMapping("/api/tasks")
public class TaskController {

    /** Version names of spec §6.1 (the same rule as TrainingRequest and the schema). */
    private static final Pattern VERSION = Pattern.compile(
            "v\\d+(\\.\\d+)?(-exp)?|\\d{4}-\\d{2}-\\d{2}|\\d{8}|v\\d+[-_]\\d{8,10}");

    private final TaskRepository tasks;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Recommender recommender;
    private final VersionHistory history;

    public TaskController(TaskRepository tasks, EventPublisher publisher, Clock clock, Recommender recommender,
                          VersionHistory history) {
        this.tasks = tasks;
        this.publisher = publisher;
        this.clock = clock;
        this.recommender = recommender;
        this.history = history;
    }

    /**
     * A new task. Without {@code training}, the training block comes from the recommendation for {@code dataSize}
     * and {@code language} (and {@code gpuMemoryGb}, {@code needs} when given); without a data size either, the
     * project default (Qwen3-4B, LoRA r32/α64, 8 epochs, 1e-5).
     */
    public record NewTaskRequest(String name, String taskType, String domain, String language, String inputTemplate,
                                 List<String> labels, String primaryMetric, Double threshold,
                                 List<String> secondaryMetrics, Double perClassFloor, String executionBackend,
                                 Integer dataSize, Double gpuMemoryGb, List<String> needs, TrainingInput training,
                                 String versioningStrategy, String deployTarget) {
    }

    public record TrainingInput(String baseModel, String method, Integer loraR, Integer loraAlpha, Integer epochs,
                                Double learningRate) {
    }

    public record RollbackRequest(String version) {
    }

    @PostMapping
    public ResponseEntity<Task> create(@RequestBody NewTaskRequest r) {
        TaskName name = TaskName.of(r.name());
        String taskType = r.taskType() == null ? "classification" : r.taskType();
        if (!RecommendationRequest.TASK_TYPES.contains(taskType)) {
            throw new IllegalArgumentException("taskType '" + taskType + "' is not known; use classification, "
                    + "extraction, generation or qa");
        }
        String language = r.language() == null ? "zh-TW" : r.language();
        SuccessCriteria defaults = SuccessCriteria.defaultFor(taskType);
        SuccessCriteria criteria = new SuccessCriteria(
                r.primaryMetric() == null ? defaults.primaryMetric() : r.primaryMetric(),
                r.threshold() == null ? defaults.threshold() : r.threshold(),
                r.secondaryMetrics() == null ? defaults.secondaryMetrics() : r.secondaryMetrics(),
                r.perClassFloor() == null ? defaults.perClassFloor() : r.perClassFloor());
        Versioning versioning = new Versioning(r.versioningStrategy() == null ? "semantic" : r.versioningStrategy(),
                "{task}-v{n}", r.deployTarget() == null ? "huggingface" : r.deployTarget());
        Instant now = clock.instant();
        Task task = tasks.create(new Task(name, taskType, r.domain() == null ? "general" : r.domain(), language,
                r.inputTemplate() == null ? "{instruction}" : r.inputTemplate(), Task.defaultOutputType(taskType),
                r.labels() == null ? List.of() : r.labels(), training(r, taskType, language), criteria,
                r.executionBackend() == null ? "baseline" : r.executionBackend(), versioning,
                LifecycleStatus.CREATED, null, now, now));
        publisher.publishAndWait(TaskEvents.created(task, clock));
        return ResponseEntity.created(URI.create("/api/tasks/" + name)).body(task);
    }

    private TrainingConfig training(NewTaskRequest r, String taskType, String language) {
        TrainingInput t = r.training();
        if (t == null) {
            if (r.dataSize() == null) {
                return TrainingConfig.projectDefault();
            }
            return TrainingConfig.from(recommender.recommend(new RecommendationRequest(r.dataSize(), language,
                    r.needs() == null ? List.of() : r.needs().stream().map(Need::parse).toList(), r.gpuMemoryGb(),
                    taskType, false, false)));
        }
        TrainingConfig d = TrainingConfig.projectDefault();
        String method = t.method() == null ? d.method() : t.method();
        boolean lora = !method.equals("full") && !method.equals("sft");
        return new TrainingConfig(t.baseModel() == null ? d.baseModel() : t.baseModel(), method,
                lora ? (t.loraR() == null ? d.loraR() : t.loraR()) : t.loraR(),
                lora ? (t.loraAlpha() == null ? d.loraAlpha() : t.loraAlpha()) : t.loraAlpha(),
                t.epochs() == null ? d.epochs() : t.epochs(),
                t.learningRate() == null ? d.learningRate() : t.learningRate()).requireKnownBaseModel();
    }

    /** Every task with its status, active version, the active version's primary metric and when it changed. */
    @GetMapping
    public List<TaskViews.Summary> list() {
        return tasks.list().stream().map(t -> new TaskViews.Summary(t, TaskViews.Metric.of(t, activeEntry(t)))).toList();
    }

    /** The active version's entry; a damaged history leaves the metric empty rather than hiding the task. */
    private VersionEntry activeEntry(Task t) {
        if (t.activeVersion() == null) {
            return null;
        }
        try {
            return history.find(t.name(), t.activeVersion()).orElse(null);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** One task with its version history (from the pipeline's events), the active version marked. */
    @GetMapping("/{name}")
    public TaskViews.Detail get(@PathVariable String name) {
        TaskName taskName = TaskName.of(name);
        Task task = tasks.get(taskName);
        return TaskViews.detail(task, history.list(taskName), tasks.recordedVersions(taskName));
    }

    /**
     * Updates task.yaml fields with a JSON merge patch in task.yaml's own snake_case shape, e.g.
     * {@code {"success_criteria": {"threshold": 0.85}}}; validated before anything is written → TaskUpdated.
     */
    @PatchMapping("/{name}")
    public Task patch(@PathVariable String name, @RequestBody JsonNode patch) {
        TaskName taskName = TaskName.of(name);
        if (!tasks.exists(taskName)) {
            throw new NoSuchElementException("No task named '" + name + "'; list tasks with GET /api/tasks");
        }
        JsonNode model = patch == null ? null : patch.path("training").path("base_model");
        if (model != null && model.isString()) {
            TrainingConfig.requireKnownBaseModel(model.asString());
        }
        TaskRepository.Change change = tasks.patch(taskName, patch, clock.instant());
        if (!change.changedFields().isEmpty()) {
            publisher.publishAndWait(TaskEvents.updated(change.task(), null, change.changedFields(), "updated by a person", clock));
        }
        return change.task();
    }

    /** Makes an earlier recorded version ({@code versions/<v>/}) the active one → TaskUpdated. */
    @PostMapping("/{name}/rollback")
    public Task rollback(@PathVariable String name, @RequestBody RollbackRequest request) {
        TaskName taskName = TaskName.of(name);
        String version = request == null ? null : request.version();
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version '" + version + "' is not a version name: use v1, v2.1, "
                    + "v3-exp, 2026-01-06 or v2-20260106");
        }
        Task task = tasks.get(taskName);
        List<String> recorded = tasks.recordedVersions(taskName);
        if (!recorded.contains(version)) {
            throw new NoSuchElementException("Task '" + name + "' has no recorded version '" + version + "'; recorded: "
                    + (recorded.isEmpty() ? "none yet" : String.join(", ", recorded)));
        }
        if (version.equals(task.activeVersion())) {
            return task;
        }
        Task rolledBack = tasks.update(taskName, t -> t.withActiveVersion(version, clock.instant())).orElseThrow();
        publisher.publishAndWait(TaskEvents.updated(rolledBack, null, List.of("version"),
                "rollback from " + task.activeVersion() + " to " + version, clock));
        return rolledBack;
    }

    /** Archives the task; the pipeline's events no longer change its status → TaskUpdated. */
    @PostMapping("/{name}/archive")
    public Task archive(@PathVariable String name) {
        TaskName taskName = TaskName.of(name);
        Task task = tasks.get(taskName);
        if (task.status() == LifecycleStatus.ARCHIVED) {
            return task;
        }
        Task archived = tasks.update(taskName, t -> t.withStatus(LifecycleStatus.ARCHIVED, clock.instant())).orElseThrow();
        publisher.publishAndWait(TaskEvents.updated(archived, null, List.of("status"), "archived", clock));
        return archived;
    }

    /**
     * A new version: the parent's (by default the active version's) training config with the requested changes,
     * validated, named by the task's versioning strategy → TrainingRequested with the chosen backend.
     */
    @PostMapping("/{name}/trainings")
    public ResponseEntity<Map<String, Object>> requestTraining(@PathVariable String name,
                                                               @RequestBody TrainingRequest request) {
        TaskName taskName = TaskName.of(name);
        if (request == null) {
            throw new IllegalArgumentException("The body must be a JSON object with at least dataSnapshotId");
        }
        Task task = tasks.get(taskName);
        if (task.status() == LifecycleStatus.ARCHIVED) {
            throw new IllegalStateException("Task '" + name + "' is archived; it is not trained again");
        }
        String parent = request.parentVersion() != null ? request.parentVersion() : task.activeVersion();
        List<VersionEntry> known = history.list(taskName);
        List<String> existing = new ArrayList<>(known.stream().map(VersionEntry::version).toList());
        tasks.recordedVersions(taskName).stream().filter(v -> !existing.contains(v)).forEach(existing::add);
        if (request.parentVersion() != null && !existing.contains(parent)) {
            throw new NoSuchElementException("Task '" + name + "' has no version '" + parent + "' to start from; known: "
                    + (existing.isEmpty() ? "none yet" : String.join(", ", existing)));
        }
        VersionEntry parentEntry = parent == null ? null
                : known.stream().filter(v -> v.version().equals(parent)).findFirst().orElse(null);
        VersionPlan plan = NewVersionPlanner.plan(task, request, parent, parentEntry, existing,
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        if (request.threshold() != null && request.threshold() != task.successCriteria().threshold()) {
            SuccessCriteria s = task.successCriteria();
            SuccessCriteria next = new SuccessCriteria(s.primaryMetric(), request.threshold(), s.secondaryMetrics(),
                    s.perClassFloor(), s.closeBand());
            Task updated = tasks.update(taskName, t -> t.withSuccessCriteria(next, clock.instant())).orElseThrow();
            publisher.publishAndWait(TaskEvents.updated(updated, null, List.of("success_criteria.threshold"),
                    "threshold for " + plan.version(), clock));
        }
        history.put(taskName, new VersionEntry(plan.version(), plan.parent(), "requested", plan.config(),
                plan.batchSize(), plan.backend(), plan.dataSnapshotId(), plan.changes(), clock.instant().toString(),
                Map.of(), null, null));
        var event = TaskEvents.trainingRequested(task, plan, request, clock);
        try {
            publisher.publishAndWait(event);
        } catch (EventPublisher.EventPublishingException e) {
            // the history must not show a training nobody was asked to run
            history.update(taskName, plan.version(), history.find(taskName, plan.version()).orElseThrow(),
                    v -> v.withFailure("the request could not be published: " + e.getMessage()));
            throw e;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", name);
        body.put("version", plan.version());
        body.put("parentVersion", plan.parent());
        body.put("backend", plan.backend());
        body.put("kind", plan.kind().name().toLowerCase());
        body.put("changes", String.join("; ", plan.changes()));
        body.put("eventId", event.getEnvelope().getEventId());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }
}
