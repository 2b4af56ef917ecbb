package io.ftcoach.task.api;

import io.ftcoach.support.events.EventPublisher;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.task.domain.LifecycleStatus;
import io.ftcoach.task.domain.Task;
import io.ftcoach.task.domain.TaskRepository;
import io.ftcoach.task.domain.TrainingRequest;
import io.ftcoach.task.domain.deploy.DeploymentCheck;
import io.ftcoach.task.domain.deploy.DeploymentTarget;
import io.ftcoach.task.domain.versions.VersionEntry;
import io.ftcoach.task.domain.versions.VersionHistory;
import io.ftcoach.task.events.TaskEvents;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** Deploy requests (spec §1.9): checked against the success criteria, forced only on purpose → DeploymentRequested. */
@RestController
@RequestMapping("/api/tasks")
public class DeploymentController {

    private final TaskRepository tasks;
    private final VersionHistory history;
    private final EventPublisher publisher;
    private final Clock clock;

    public DeploymentController(TaskRepository tasks, VersionHistory history, EventPublisher publisher, Clock clock) {
        this.tasks = tasks;
        this.history = history;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * @param version   defaults to the active version
     * @param target    huggingface, ollama (or local) or vllm
     * @param artifacts for huggingface: adapter (default), merged, gguf, dataset
     * @param force     deploy although the version is below target (or not evaluated)
     * @param options   org, prefix, quantization (q8_0, q4_k_m, f16), model_name, port, system_prompt, revision
     */
    public record DeploymentRequest(String version, String target, List<String> artifacts, Boolean force,
                                    Map<String, String> options) {
    }

    @PostMapping("/{name}/deployments")
    public ResponseEntity<Map<String, Object>> deploy(@PathVariable String name, @RequestBody DeploymentRequest r) {
        TaskName taskName = TaskName.of(name);
        if (r == null) {
            throw new IllegalArgumentException("The body must be a JSON object with at least target");
        }
        if (r.version() != null && !TrainingRequest.VERSION.matcher(r.version()).matches()) {
            throw new IllegalArgumentException("version '" + r.version() + "' is not a version name: use v1, v2.1, "
                    + "v3-exp, 2026-01-06 or v2-20260106");
        }
        DeploymentTarget target = DeploymentTarget.of(r.target(), r.artifacts(), r.options());
        Task task = tasks.get(taskName);
        if (task.status() == LifecycleStatus.ARCHIVED) {
            throw new IllegalStateException("Task '" + name + "' is archived; it is not deployed");
        }
        String version = r.version() != null ? r.version() : task.activeVersion();
        if (version == null) {
            throw new IllegalStateException("Task '" + name + "' has no active version yet: train and evaluate one "
                    + "(POST /api/tasks/" + name + "/trainings), or name the version to deploy");
        }
        List<VersionEntry> known = history.list(taskName);
        VersionEntry entry = known.stream().filter(v -> v.version().equals(version)).findFirst().orElse(null);
        if (entry == null) {
            List<String> names = new ArrayList<>(known.stream().map(VersionEntry::version).toList());
            List<String> recorded = tasks.recordedVersions(taskName);
            if (!recorded.contains(version)) {
                recorded.stream().filter(v -> !names.contains(v)).forEach(names::add);
                throw new NoSuchElementException("Task '" + name + "' has no version '" + version + "'; known: "
                        + (names.isEmpty() ? "none yet" : String.join(", ", names)));
            }
            entry = new VersionEntry(version, null, "recorded", null, null, null, null, List.of(), null, Map.of(), null,
                    null);
        }
        boolean force = Boolean.TRUE.equals(r.force());
        DeploymentCheck check = DeploymentCheck.of(name, entry, task.successCriteria(), force);
        var event = TaskEvents.deploymentRequested(task, version, target, check.forced(), clock);
        publisher.publishAndWait(event);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", name);
        body.put("version", version);
        body.put("target", target.target());
        body.put("artifacts", String.join(",", target.artifacts()));
        body.put("forced", check.forced());
        body.put("check", check.summary());
        body.put("eventId", event.getEnvelope().getEventId());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }
}
