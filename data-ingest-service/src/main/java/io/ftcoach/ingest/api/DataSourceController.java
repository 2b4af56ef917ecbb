package io.ftcoach.ingest.api;

import io.ftcoach.events.DataUpdated;
import io.ftcoach.ingest.domain.ConfigProblem;
import io.ftcoach.ingest.domain.DataSnapshot;
import io.ftcoach.ingest.domain.DataSourceConfig;
import io.ftcoach.ingest.domain.DataSourceService;
import io.ftcoach.ingest.domain.EnvVariable;
import io.ftcoach.ingest.domain.InvalidDataSourceException;
import io.ftcoach.ingest.domain.SnapshotFile;
import io.ftcoach.ingest.domain.TrainedSnapshots;
import io.ftcoach.ingest.events.DataEvents;
import io.ftcoach.support.events.EventPublisher;
import io.ftcoach.support.workspace.TaskName;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A task's {@code data_source.yaml} (spec §5.2): write it (validated; an invalid file leaves the existing one
 * untouched), read it, list the environment variables it needs, and run it into a snapshot (→ DataUpdated).
 */
@RestController
@RequestMapping("/api/tasks/{task}/data-source")
public class DataSourceController {

    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final DataSourceService dataSources;
    private final EventPublisher publisher;
    private final Clock clock;
    private final TrainedSnapshots trained;

    public DataSourceController(DataSourceService dataSources, EventPublisher publisher, Clock clock,
                                TrainedSnapshots trained) {
        this.dataSources = dataSources;
        this.publisher = publisher;
        this.clock = clock;
        this.trained = trained;
    }

    /** @param environment the variables it refers to and whether each is set here; never their values */
    public record Written(String sha256, int sources, List<EnvVariable> environment) {
    }

    public record Environment(List<EnvVariable> variables, List<String> unset) {
    }

    /**
     * @param sourcePositions source name → where it stood: file_import the file's sha-256, database the LSN, api
     *                        each request's last offset, page or cursor, web_scrape the pages' count and sha-256,
     *                        llm_generated the model, the sha-256 of what it wrote and whether it came from the cache
     *                        ({@code cache=hit:<key>}) or the model ({@code cache=stored:<key>})
     * @param files           the splits, then the chat format and preference pairs when task.yaml has an
     *                        input_template
     */
    public record RunResponse(String snapshotId, boolean created, String parentSnapshotId, String dataVersion,
                              long trainCount, long validCount, long testCount, Map<String, Long> classDistribution,
                              List<SnapshotFile> files, String dataSourceSha256, Map<String, String> sourcePositions,
                              int mergedRows, String eventId) {
    }

    @PutMapping(consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain",
            "application/octet-stream"})
    public Written put(@PathVariable String task, @RequestBody byte[] body) {
        DataSourceConfig config = dataSources.put(TaskName.of(task), body);
        return new Written(config.sha256(), config.sources().size(), config.environment());
    }

    @GetMapping
    public ResponseEntity<byte[]> get(@PathVariable String task) {
        return ResponseEntity.ok().contentType(YAML).body(dataSources.get(TaskName.of(task)));
    }

    @GetMapping("/env")
    public Environment environment(@PathVariable String task) {
        List<EnvVariable> variables = dataSources.environment(TaskName.of(task));
        return new Environment(variables, variables.stream().filter(v -> !v.set()).map(EnvVariable::name).toList());
    }

    /**
     * @param source     a source name: checked to exist; every source is read all the same (merge needs all rows)
     * @param regenerate the named source (every source when none is named) is read afresh: an llm_generated source
     *                   asks its model again instead of reusing its cached rows
     */
    @PostMapping("/run")
    public ResponseEntity<RunResponse> run(@PathVariable String task,
                                           @RequestParam(required = false) String source,
                                           @RequestParam(defaultValue = "false") boolean regenerate) {
        TaskName name = TaskName.of(task);
        DataSourceService.Run run = dataSources.run(name, source, regenerate);
        DataUpdated event = DataEvents.dataUpdated(name, run, null, clock);
        DataEvents.withChangesSinceTrained(event, trained.sinceTrainedIfReadable(name, event.getSnapshotId()));
        publisher.publishAndWait(event);
        DataSnapshot s = run.imported().snapshot();
        Map<String, String> positions = new java.util.LinkedHashMap<>();
        run.sources().forEach(r -> positions.put(r.source().name(), r.position()));
        RunResponse body = new RunResponse(s.snapshotId(), run.imported().created(),
                run.imported().parentSnapshotId(), run.imported().dataVersion(), s.trainCount(), s.validCount(),
                s.testCount(), s.classDistribution(), s.files(), run.imported().dataSourceSha256(), positions,
                run.mergedRows(), event.getEnvelope().getEventId());
        return ResponseEntity.status(run.imported().created() ? HttpStatus.CREATED : HttpStatus.OK).body(body);
    }

    /** 400 with every problem: file, line, field, what is expected. */
    @ExceptionHandler(InvalidDataSourceException.class)
    ProblemDetail invalid(InvalidDataSourceException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("data_source.yaml is not valid");
        problem.setProperty("problems", e.problems().stream().map(DataSourceController::problem).toList());
        return problem;
    }

    private static Map<String, Object> problem(ConfigProblem p) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("file", p.file());
        out.put("line", p.line());
        out.put("path", p.path());
        out.put("message", p.message());
        return out;
    }
}
