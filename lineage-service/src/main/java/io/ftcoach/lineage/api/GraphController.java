package io.ftcoach.lineage.api;

import io.ftcoach.lineage.domain.LineageGraph;
import io.ftcoach.lineage.domain.LineageStore;
import io.ftcoach.support.workspace.TaskName;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The lineage graph of a task (parents, data snapshots, deployments): JSON, or Mermaid with {@code format=mermaid}. */
@RestController
@RequestMapping("/api/tasks/{task}")
public class GraphController {

    static final MediaType MERMAID = MediaType.parseMediaType("text/vnd.mermaid;charset=UTF-8");

    private final LineageStore store;

    public GraphController(LineageStore store) {
        this.store = store;
    }

    @Operation(summary = "Lineage graph of a task: versions and parents, data snapshots, deployments", responses = {
            @ApiResponse(responseCode = "200", description = "the graph", content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = LineageGraph.class)),
                    @Content(mediaType = "text/vnd.mermaid", schema = @Schema(type = "string",
                            description = "a Mermaid flowchart, with format=mermaid"))}),
            @ApiResponse(responseCode = "400", description = "unknown format"),
            @ApiResponse(responseCode = "404", description = "no such task")})
    @GetMapping("/graph")
    public ResponseEntity<?> graph(@PathVariable String task, @RequestParam(required = false) String format) {
        LineageGraph graph = store.graph(TaskName.of(task));
        if (format == null || "json".equalsIgnoreCase(format)) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(graph);
        }
        if ("mermaid".equalsIgnoreCase(format)) {
            return ResponseEntity.ok().contentType(MERMAID).body(graph.mermaid());
        }
        throw new IllegalArgumentException("Unknown format '" + format + "': use json or mermaid");
    }
}
