package io.ftcoach.ingest.events;

import io.ftcoach.events.Artifact;
import io.ftcoach.events.DataUpdated;
import io.ftcoach.events.DataValidated;
import io.ftcoach.events.Envelope;
import io.ftcoach.events.SourcePosition;
import io.ftcoach.events.ValidationIssue;
import io.ftcoach.events.ValidationVerdict;
import io.ftcoach.ingest.DataIngestServiceApplication;
import io.ftcoach.ingest.domain.DataSnapshot;
import io.ftcoach.ingest.domain.DataSourceService;
import io.ftcoach.ingest.domain.SnapshotImport;
import io.ftcoach.ingest.domain.TrainedSnapshots;
import io.ftcoach.ingest.domain.ValidationReport;
import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.support.workspace.TaskName;

import java.time.Clock;
import java.util.List;

/** Turns this service's domain facts into the events other services read. */
public final class DataEvents {

    /** The source name and type of rows posted to the snapshot API (a file import of already-split rows). */
    public static final String FILE_IMPORT = "file_import";

    private DataEvents() {
    }

    /** A person imported data: the first event of a new chain. */
    public static DataUpdated dataUpdated(TaskName task, SnapshotImport imported, Clock clock) {
        DataSnapshot s = imported.snapshot();
        List<Artifact> files = s.files().stream()
                .map(f -> Artifact.newBuilder().setKind(f.split()).setPath(f.path()).setSha256(f.sha256()).build())
                .toList();
        return DataUpdated.newBuilder()
                .setEnvelope(Envelopes.start(DataIngestServiceApplication.NAME, task.value(), null, clock))
                .setSnapshotId(s.snapshotId()).setParentSnapshotId(imported.parentSnapshotId())
                .setDataSourceSha256(imported.dataSourceSha256())
                .setTrainCount(s.trainCount()).setValidCount(s.validCount()).setTestCount(s.testCount())
                .setClassDistribution(s.classDistribution()).setFiles(files)
                .setSourcePositions(List.of(SourcePosition.newBuilder().setSourceName(FILE_IMPORT)
                        .setSourceType(FILE_IMPORT).setPosition(s.snapshotId()).build()))
                .setChangesSinceTrained(null).build();
    }

    /**
     * A run of the task's data_source.yaml stored a snapshot: one source position per source it read (for a
     * file_import, the file's sha-256). {@code cause} is the envelope of the request that started the run, or
     * null when a person started it over HTTP.
     */
    public static DataUpdated dataUpdated(TaskName task, DataSourceService.Run run, Envelope cause, Clock clock) {
        List<SourcePosition> positions = run.sources().stream().map(s -> SourcePosition.newBuilder()
                .setSourceName(s.source().name()).setSourceType(s.source().type()).setPosition(s.position()).build())
                .toList();
        DataUpdated event = dataUpdated(task, run.imported(), clock);
        event.setSourcePositions(positions);
        if (cause != null) {
            event.setEnvelope(Envelopes.causedBy(cause, DataIngestServiceApplication.NAME, clock));
        }
        return event;
    }

    /**
     * Fills {@code changesSinceTrained}: the rows added, changed and removed since the snapshot the latest trained
     * version used; left null when no version was trained yet.
     */
    public static DataUpdated withChangesSinceTrained(DataUpdated event,
                                                      java.util.Optional<TrainedSnapshots.SinceTrained> since) {
        since.ifPresent(s -> event.setChangesSinceTrained(io.ftcoach.events.RowChanges.newBuilder()
                .setSinceSnapshotId(s.sinceSnapshotId()).setSinceVersion(s.version())
                .setAdded(s.changes().added()).setChanged(s.changes().changed()).setRemoved(s.changes().removed())
                .build()));
        return event;
    }

    public static DataValidated dataValidated(DataUpdated cause, ValidationReport report, Clock clock) {
        List<ValidationIssue> issues = report.issues().stream()
                .map(i -> ValidationIssue.newBuilder().setSeverity(i.severity()).setCheck(i.check()).setFile(i.file())
                        .setLine(i.line()).setField(i.field()).setMessage(i.message()).build())
                .toList();
        return DataValidated.newBuilder()
                .setEnvelope(Envelopes.causedBy(cause.getEnvelope(), DataIngestServiceApplication.NAME, clock))
                .setSnapshotId(cause.getSnapshotId())
                .setVerdict(ValidationVerdict.valueOf(report.verdict().name()))
                .setIssues(issues).build();
    }
}
