package io.ftcoach.lineage.api;

import io.ftcoach.lineage.config.LineageProperties;
import io.ftcoach.lineage.domain.LineageStore;
import io.ftcoach.lineage.domain.Retention;
import io.ftcoach.support.workspace.TaskName;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;

/**
 * Retention on request (spec §6.1): keep the N most recent, never the deployed or the best, expire failed
 * {@code -exp} versions. The report names every version kept and removed with the reason; {@code dryRun} only
 * reports. Removed versions' model artefacts are listed, not deleted: training-dispatcher owns them.
 */
@RestController
@RequestMapping("/api/tasks/{task}")
public class RetentionController {

    private final LineageStore store;
    private final LineageProperties settings;
    private final Clock clock;

    public RetentionController(LineageStore store, LineageProperties settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** @param keep how many of the most recent versions to keep (at least 1); @param dryRun report only. */
    public record RetentionRequest(Integer keep, Boolean dryRun) {
    }

    @Operation(summary = "Apply retention: keep the N most recent, never the deployed or the best, expire failed "
            + "-exp versions; dryRun only reports", responses = {
            @ApiResponse(responseCode = "200", description = "what was (or would be) kept and removed, and why"),
            @ApiResponse(responseCode = "400", description = "keep missing or below 1"),
            @ApiResponse(responseCode = "404", description = "no such task"),
            @ApiResponse(responseCode = "409", description = "a version's recorded state cannot be read; nothing removed")})
    @PostMapping("/retention")
    public Retention.Plan retention(@PathVariable String task, @RequestBody RetentionRequest request) {
        if (request == null || request.keep() == null) {
            throw new IllegalArgumentException("keep is required: how many of the most recent versions to keep, "
                    + "e.g. {\"keep\": 3, \"dryRun\": true}");
        }
        boolean dryRun = Boolean.TRUE.equals(request.dryRun());
        return store.retention(TaskName.of(task), request.keep(), settings.expireExperimentsAfter(),
                Instant.now(clock), !dryRun);
    }
}
