package io.ftcoach.ingest.events;

import io.ftcoach.events.Artifact;
import io.ftcoach.events.DataUpdated;
import io.ftcoach.events.DataValidated;
import io.ftcoach.ingest.domain.DataValidator;
import io.ftcoach.ingest.domain.DataWorkspace;
import io.ftcoach.ingest.domain.Split;
import io.ftcoach.ingest.domain.SplitFile;
import io.ftcoach.ingest.domain.ValidationReport;
import io.ftcoach.support.events.EventPublisher;
import io.ftcoach.support.workspace.TaskName;
import org.apache.avro.generic.IndexedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The data-validation hook: every new snapshot, whatever produced it, is checked and the verdict published, so
 * training can refuse data that fails and the coach can explain why.
 */
@Component
public class DataValidationHook {

    private static final Logger log = LoggerFactory.getLogger(DataValidationHook.class);

    private final DataWorkspace data;
    private final DataValidator validator;
    private final EventPublisher publisher;
    private final Clock clock;

    public DataValidationHook(DataWorkspace data, DataValidator validator, EventPublisher publisher, Clock clock) {
        this.data = data;
        this.validator = validator;
        this.publisher = publisher;
        this.clock = clock;
    }

    @KafkaListener(id = "data-ingest-service-data-validation", idIsGroup = false,
            topics = "#{T(io.ftcoach.schemas.topics.Topic).DATA_UPDATED.topicName()}")
    public void on(IndexedRecord event) {
        if (!(event instanceof DataUpdated updated)) {
            throw new IllegalArgumentException("Expected a DataUpdated event, got " + event.getSchema().getFullName());
        }
        TaskName task = TaskName.of(updated.getEnvelope().getTaskId());
        ValidationReport report = validator.validate(splitFiles(task, updated), data.labelSet(task));
        storeReport(task, updated.getSnapshotId(), report);
        DataValidated validated = DataEvents.dataValidated(updated, report, clock);
        publisher.publishAndWait(validated);
        log.info("Snapshot {} of task '{}' validated: {} with {} issue(s)", updated.getSnapshotId(), task,
                report.verdict(), report.issues().size());
    }

    /**
     * Keeps the report, summary included, next to the snapshot for {@code GET …/snapshots/{id}/validation}: the
     * DataValidated schema has no place for the summary. Failing to store it does not hold back the event; the
     * endpoint recomputes a missing report.
     */
    private void storeReport(TaskName task, String snapshotId, ValidationReport report) {
        try {
            data.writeValidationReport(task, snapshotId, report);
        } catch (RuntimeException e) {
            log.warn("Cannot store the validation report of snapshot {} of task '{}': {}", snapshotId, task,
                    e.toString());
        }
    }

    /** The announced files by split (the artifact kind names the split). */
    private Map<Split, SplitFile> splitFiles(TaskName task, DataUpdated updated) {
        Map<Split, SplitFile> files = new EnumMap<>(Split.class);
        for (Artifact a : updated.getFiles()) {
            for (Split split : Split.values()) {
                if (split.key().equals(a.getKind())) {
                    // a path leaving the task folder is not read; the validator reports it as a failure
                    Optional<Path> path = data.resolveInTask(task, a.getPath());
                    files.put(split, new SplitFile(a.getPath(), path.orElse(null), a.getSha256()));
                }
            }
        }
        return files;
    }
}
