package io.ftcoach.task.api;

import io.ftcoach.support.events.EventPublisher;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.task.domain.LifecycleStatus;
import io.ftcoach.task.domain.SuccessCriteria;
import io.ftcoach.task.domain.Task;
import io.ftcoach.task.domain.TaskRepository;
import io.ftcoach.task.domain.TrainingRequest;
import io.ftcoach.task.events.TaskEvents;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/api/tasks")
public class TaskController {

    private final TaskRepository tasks;
    private final EventPublisher publisher;
    private final Clock clock;

    public TaskController(TaskRepository tasks, EventPublisher publisher, Clock clock) {
        this.tasks = tasks;
        this.publisher = publisher;
        this.clock = clock;
    }

    public record NewTaskRequest(String name, String taskType, List<String> labels, String primaryMetric,
                                 Double threshold, String executionBackend) {
    }

    @PostMapping
    public ResponseEntity<Task> create(@RequestBody NewTaskRequest r) {
        TaskName name = TaskName.of(r.name());
        SuccessCriteria criteria = r.primaryMetric() == null && r.threshold() == null
                ? SuccessCriteria.classificationDefault()
                : new SuccessCriteria(r.primaryMetric() == null ? "macro_f1" : r.primaryMetric(),
                    r.threshold() == null ? 0.80 : r.threshold());
        Instant now = clock.instant();
        Task task = tasks.create(new Task(name, r.taskType() == null ? "classification" : r.taskType(),
                r.labels() == null ? List.of() : r.labels(), criteria,
                r.executionBackend() == null ? "baseline" : r.executionBackend(),
                LifecycleStatus.CREATED, null, now, now));
        publisher.publishAndWait(TaskEvents.created(task, clock));
        return ResponseEntity.created(URI.create("/api/tasks/" + name)).body(task);
    }

    @GetMapping
    public List<Task> list() {
        return tasks.list();
    }

    @GetMapping("/{name}")
    public Task get(@PathVariable String name) {
        return tasks.get(TaskName.of(name));
    }

    @PostMapping("/{name}/trainings")
    public ResponseEntity<Map<String, String>> requestTraining(@PathVariable String name,
                                                               @RequestBody TrainingRequest request) {
        Task task = tasks.get(TaskName.of(name));
        var event = TaskEvents.trainingRequested(task, request, clock);
        publisher.publishAndWait(event);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of(
                "task", name, "version", request.version(), "eventId", event.getEnvelope().getEventId()));
    }
}
