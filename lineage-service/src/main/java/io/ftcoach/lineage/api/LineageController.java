package io.ftcoach.lineage.api;

import io.ftcoach.lineage.domain.LineageStore;
import io.ftcoach.lineage.domain.VersionName;
import io.ftcoach.lineage.domain.VersionSummary;
import io.ftcoach.support.workspace.TaskName;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** A task's version history and each version's lineage, as recorded under {@code versions/<v>/}. */
@RestController
@RequestMapping("/api/tasks/{task}/versions")
public class LineageController {

    private final LineageStore store;

    public LineageController(LineageStore store) {
        this.store = store;
    }

    @GetMapping
    public List<VersionSummary> versions(@PathVariable String task) {
        return store.list(TaskName.of(task));
    }

    /** The same tree as {@code lineage.yaml}, keys in the same order. */
    @GetMapping("/{version}/lineage")
    public Map<String, Object> lineage(@PathVariable String task, @PathVariable String version) {
        return store.document(TaskName.of(task), VersionName.of(version));
    }
}
