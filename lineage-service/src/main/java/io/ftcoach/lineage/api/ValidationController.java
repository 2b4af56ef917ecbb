package io.ftcoach.lineage.api;

import io.ftcoach.lineage.domain.LineageStore;
import io.ftcoach.lineage.domain.LineageValidation;
import io.ftcoach.lineage.domain.VersionName;
import io.ftcoach.support.workspace.TaskName;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Validation of lineage.yaml files as they are on disk: 200 with the report when valid, 422 with the same report
 * (file, line, field, what was expected) when not. Reads only; an invalid file is reported, never repaired.
 */
@RestController
@RequestMapping("/api/tasks/{task}")
public class ValidationController {

    private final LineageStore store;

    public ValidationController(LineageStore store) {
        this.store = store;
    }

    @Operation(summary = "Validate a version's lineage.yaml as it is on disk", responses = {
            @ApiResponse(responseCode = "200", description = "valid (warnings may name what is still to come)"),
            @ApiResponse(responseCode = "422", description = "invalid: the report names file, line, field and what "
                    + "was expected", content = @Content(schema = @Schema(implementation = LineageValidation.Report.class))),
            @ApiResponse(responseCode = "404", description = "no such task or version")})
    @GetMapping("/versions/{version}/validation")
    public ResponseEntity<LineageValidation.Report> version(@PathVariable String task, @PathVariable String version) {
        LineageValidation.Report report = store.validate(TaskName.of(task), VersionName.of(version));
        return ResponseEntity.status(report.valid() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(report);
    }

    /** Every version of the task; 200 when all are valid, else 422. */
    @Operation(summary = "Validate the lineage.yaml of every version of a task", responses = {
            @ApiResponse(responseCode = "200", description = "all valid"),
            @ApiResponse(responseCode = "422", description = "at least one invalid; one report per version"),
            @ApiResponse(responseCode = "404", description = "no such task")})
    @GetMapping("/validation")
    public ResponseEntity<List<LineageValidation.Report>> task(@PathVariable String task) {
        TaskName name = TaskName.of(task);
        List<LineageValidation.Report> reports = store.list(name).stream()
                .map(v -> store.validate(name, VersionName.of(v.version()))).toList();
        boolean valid = reports.stream().allMatch(LineageValidation.Report::valid);
        return ResponseEntity.status(valid ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(reports);
    }
}
