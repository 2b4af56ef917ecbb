package io.ftcoach.lineage.api;

import io.ftcoach.lineage.domain.ComparisonMarkdown;
import io.ftcoach.lineage.domain.LineageStore;
import io.ftcoach.lineage.domain.VersionComparison;
import io.ftcoach.lineage.domain.VersionLineage;
import io.ftcoach.lineage.domain.VersionName;
import io.ftcoach.lineage.domain.VersionSummary;
import io.ftcoach.support.workspace.TaskName;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * Two versions of a task compared (spec §6.3): JSON by default, Markdown with {@code Accept: text/markdown} or
 * {@code format=markdown}. An unknown version is 404 naming those that exist; one without results is 409.
 */
@RestController
@RequestMapping("/api/tasks/{task}")
public class ComparisonController {

    static final MediaType MARKDOWN = MediaType.parseMediaType("text/markdown;charset=UTF-8");

    private final LineageStore store;

    public ComparisonController(LineageStore store) {
        this.store = store;
    }

    @GetMapping("/compare")
    public ResponseEntity<?> compare(@PathVariable String task, @RequestParam String from, @RequestParam String to,
                                     @RequestParam(required = false) String format,
                                     @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        TaskName name = TaskName.of(task);
        VersionComparison comparison = VersionComparison.compare(lineage(name, from), lineage(name, to));
        boolean markdown = format != null ? "markdown".equalsIgnoreCase(format) || "md".equalsIgnoreCase(format)
                : accept != null && accept.contains("text/markdown");
        if (format != null && !markdown && !"json".equalsIgnoreCase(format)) {
            throw new IllegalArgumentException("Unknown format '" + format + "': use json or markdown");
        }
        if (markdown) {
            return ResponseEntity.ok().contentType(MARKDOWN).body(ComparisonMarkdown.render(comparison));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(comparison);
    }

    private VersionLineage lineage(TaskName task, String version) {
        VersionName v = VersionName.of(version);
        return store.find(task, v).orElseThrow(() -> {
            String existing = store.list(task).stream().map(VersionSummary::version)
                    .collect(Collectors.joining(", "));
            return new NoSuchElementException("Task '" + task + "' has no recorded version '" + v + "'; "
                    + (existing.isEmpty() ? "it has no recorded versions yet" : "its versions are: " + existing));
        });
    }
}
