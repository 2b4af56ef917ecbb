package io.ftcoach.task.api;

import io.ftcoach.support.events.EventPublisher;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.task.domain.LifecycleStatus;
import io.ftcoach.task.domain.Task;
import io.ftcoach.task.domain.TaskRepository;
import io.ftcoach.task.domain.generate.ProjectFolder;
import io.ftcoach.task.events.TaskEvents;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;

/** {@code /generate} (spec §1.5): the training project of a task, from its task.yaml and data_source.yaml. */
@RestController
@RequestMapping("/api/tasks")
public class ProjectController {

    private final TaskRepository tasks;
    private final ProjectFolder projects;
    private final EventPublisher publisher;
    private final Clock clock;

    public ProjectController(TaskRepository tasks, ProjectFolder projects, EventPublisher publisher, Clock clock) {
        this.tasks = tasks;
        this.projects = projects;
        this.publisher = publisher;
        this.clock = clock;
    }

    public record GeneratedFileView(String path, String sha256) {
    }

    public record GenerateResponse(String task, String status, String taskYamlSha256, List<GeneratedFileView> files,
                                   List<String> nextSteps) {
    }

    /**
     * Writes scripts 01–06, run_pipeline.sh, the configs, the docs and the README → ProjectGenerated; the task moves
     * to configuring (→ TaskUpdated) unless a training run is under way.
     */
    @PostMapping("/{name}/generate")
    public GenerateResponse generate(@PathVariable String name) {
        TaskName taskName = TaskName.of(name);
        Task task = tasks.get(taskName);
        if (task.status() == LifecycleStatus.ARCHIVED) {
            throw new IllegalStateException("Task '" + name + "' is archived; its project is not generated again");
        }
        ProjectFolder.Generated generated = projects.generate(task);
        publisher.publishAndWait(TaskEvents.projectGenerated(task, generated, clock));
        Task current = task;
        if (task.status() != LifecycleStatus.CONFIGURING && task.status() != LifecycleStatus.TRAINING) {
            current = tasks.update(taskName, t -> t.withStatus(LifecycleStatus.CONFIGURING, clock.instant())).orElseThrow();
            publisher.publishAndWait(TaskEvents.updated(current, null, List.of("status"), "project generated", clock));
        }
        return new GenerateResponse(name, current.status().name().toLowerCase(), generated.taskYamlSha256(),
                generated.files().stream().map(f -> new GeneratedFileView(f.path(), f.sha256())).toList(),
                List.of("put the data where data_source.yaml points (data/raw/…)",
                        "run scripts/run_pipeline.sh, or the scripts 01–05 one by one",
                        "or request training: POST /api/tasks/" + name + "/trainings"));
    }
}
