package io.ftcoach.dispatcher.api;

import io.ftcoach.dispatcher.domain.deploy.Deployment;
import io.ftcoach.dispatcher.domain.deploy.DeploymentRegistry;
import io.ftcoach.support.workspace.TaskName;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Deployments and how they went: what was deployed where, or what went wrong and the fix. */
@RestController
@RequestMapping("/api")
public class DeploymentController {

    private final DeploymentRegistry deployments;

    public DeploymentController(DeploymentRegistry deployments) {
        this.deployments = deployments;
    }

    /** A task's deployments, oldest first; empty for a task never deployed. */
    @GetMapping("/tasks/{task}/deployments")
    public List<Deployment> ofTask(@PathVariable String task) {
        return deployments.ofTask(TaskName.of(task).value());
    }

    @GetMapping("/deployments/{id}")
    public Deployment get(@PathVariable String id) {
        return deployments.get(id);
    }
}
