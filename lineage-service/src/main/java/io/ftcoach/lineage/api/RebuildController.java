package io.ftcoach.lineage.api;

import io.ftcoach.lineage.events.LineageRebuild;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.file.Path;

/**
 * Rebuilds every task's lineage files from the Kafka topics alone into an empty folder (never the live
 * workspace): 200 with a report; 409 when the folder is not empty, nothing changed.
 */
@RestController
@RequestMapping("/api/lineage")
public class RebuildController {

    private final LineageRebuild rebuild;

    public RebuildController(LineageRebuild rebuild) {
        this.rebuild = rebuild;
    }

    /** @param target absolute path of an empty or absent folder; omitted: a new folder under the state dir. */
    public record RebuildRequest(String target) {
    }

    @Operation(summary = "Rebuild every task's lineage files from the Kafka topics alone into an empty folder",
            responses = {
                    @ApiResponse(responseCode = "200", description = "events read per topic, those skipped and why, "
                            + "tasks, versions and files rebuilt"),
                    @ApiResponse(responseCode = "400", description = "target not absolute, or the live workspace"),
                    @ApiResponse(responseCode = "409", description = "target not empty (nothing changed), or the "
                            + "topics were not read to their end in time")})
    @PostMapping("/rebuild")
    public LineageRebuild.Report rebuild(@RequestBody(required = false) RebuildRequest request) {
        Path target = null;
        if (request != null && request.target() != null && !request.target().isBlank()) {
            target = Path.of(request.target());
            if (!target.isAbsolute()) {
                throw new IllegalArgumentException("target '" + request.target() + "' must be an absolute path");
            }
        }
        return rebuild.rebuild(target);
    }
}
