package io.ftcoach.ingest.api;

import io.ftcoach.events.DataUpdated;
import io.ftcoach.ingest.domain.DataSnapshot;
import io.ftcoach.ingest.domain.DataSourceService;
import io.ftcoach.ingest.domain.DataValidator;
import io.ftcoach.ingest.domain.Split;
import io.ftcoach.ingest.domain.SplitFile;
import io.ftcoach.ingest.domain.ValidationReport;
import io.ftcoach.ingest.domain.DataWorkspace;
import io.ftcoach.ingest.domain.DatasetSplits;
import io.ftcoach.ingest.domain.LabeledRow;
import io.ftcoach.ingest.domain.SnapshotFile;
import io.ftcoach.ingest.domain.SnapshotImport;
import io.ftcoach.ingest.events.DataEvents;
import io.ftcoach.support.events.EventPublisher;
import io.ftcoach.support.workspace.TaskName;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task's data snapshots. {@code POST} imports rows that are already split, stores them as the task's data and as
 * a content-addressed snapshot, and announces it with {@code DataUpdated}. Like a run of data_source.yaml, it writes
 * the chat format (and preference pairs where the task's method needs them) when task.yaml has an input_template,
 * so a snapshot is the same whichever way its rows arrived. Running the sources configured in data_source.yaml is
 * {@link DataSourceController}'s.
 */
@RestController
@RequestMapping("/api/tasks/{task}/snapshots")
public class SnapshotController {

    private final DataWorkspace data;
    private final DataSourceService dataSources;
    private final EventPublisher publisher;
    private final Clock clock;
    private final DataValidator validator;

    public SnapshotController(DataWorkspace data, DataSourceService dataSources, EventPublisher publisher, Clock clock,
                              DataValidator validator) {
        this.data = data;
        this.dataSources = dataSources;
        this.publisher = publisher;
        this.clock = clock;
        this.validator = validator;
    }

    /** One row as posted; fields other than these are not kept. */
    public record Row(String text, String label, String entity) {
    }

    public record ImportRequest(List<Row> train, List<Row> valid, List<Row> test) {
    }

    /**
     * @param created false when a snapshot with the same content existed already; the task's data is set to it
     *                and DataUpdated is published all the same
     */
    public record ImportResponse(String snapshotId, boolean created, String parentSnapshotId, String dataVersion,
                                 long trainCount, long validCount, long testCount, Map<String, Long> classDistribution,
                                 List<SnapshotFile> files, String dataSourceSha256, Instant createdAt,
                                 String eventId) {
    }

    @PostMapping
    public ResponseEntity<ImportResponse> importSnapshot(@PathVariable String task, @RequestBody ImportRequest body) {
        TaskName name = TaskName.of(task);
        DatasetSplits splits = new DatasetSplits(rows(body.train()), rows(body.valid()), rows(body.test()));
        SnapshotImport imported = dataSources.importSplits(name, splits);
        DataUpdated event = DataEvents.dataUpdated(name, imported, clock);
        // if Kafka is down this answers 503 with the files written; posting again is safe: equal content gives
        // the same snapshot, and the event is published then
        publisher.publishAndWait(event);
        DataSnapshot s = imported.snapshot();
        ImportResponse response = new ImportResponse(s.snapshotId(), imported.created(), imported.parentSnapshotId(),
                imported.dataVersion(), s.trainCount(), s.validCount(), s.testCount(), s.classDistribution(),
                s.files(), imported.dataSourceSha256(), s.createdAt(), event.getEnvelope().getEventId());
        return ResponseEntity.status(imported.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/tasks/" + name + "/snapshots/" + s.snapshotId())).body(response);
    }

    /** The task's snapshots, oldest first. */
    @GetMapping
    public List<DataSnapshot> list(@PathVariable String task) {
        return data.listSnapshots(TaskName.of(task));
    }

    @GetMapping("/{snapshotId}")
    public DataSnapshot get(@PathVariable String task, @PathVariable String snapshotId) {
        return data.getSnapshot(TaskName.of(task), snapshotId);
    }

    /**
     * The snapshot's validation report with the summary the coach shows: the one the data-validation hook stored
     * next to the snapshot, or, when there is none yet (the hook has not run, or {@code recompute=true}), computed
     * now against task.yaml's current label set and stored.
     */
    @GetMapping("/{snapshotId}/validation")
    public ValidationReport validation(@PathVariable String task, @PathVariable String snapshotId,
                                       @RequestParam(defaultValue = "false") boolean recompute) {
        TaskName name = TaskName.of(task);
        Map<Split, SplitFile> files = data.snapshotSplitFiles(name, snapshotId);
        if (!recompute) {
            Optional<ValidationReport> stored = data.readValidationReport(name, snapshotId);
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        ValidationReport report = validator.validate(files, data.labelSet(name));
        data.writeValidationReport(name, snapshotId, report);
        return report;
    }

    private static List<LabeledRow> rows(List<Row> rows) {
        // null stays null: DatasetSplits names the missing split
        return rows == null ? null : rows.stream()
                .map(r -> r == null ? null : new LabeledRow(r.text(), r.label(), r.entity())).toList();
    }
}
