package io.ftcoach.ingest.api;

import io.ftcoach.ingest.domain.RowChanges;
import io.ftcoach.ingest.domain.TrainedSnapshots;
import io.ftcoach.support.workspace.TaskName;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * How a snapshot's rows differ from an earlier one's (by text: added, changed label or entity, removed), and which
 * snapshot each trained version used.
 */
@RestController
@RequestMapping("/api/tasks/{task}")
public class SnapshotChangesController {

    private final TrainedSnapshots trained;

    public SnapshotChangesController(TrainedSnapshots trained) {
        this.trained = trained;
    }

    /**
     * @param sinceVersion the version that was trained on {@code since}; null when {@code since} was given as a
     *                     snapshot id
     */
    public record Changes(String snapshotId, String since, String sinceVersion, long added, long changed,
                          long removed) {
    }

    /**
     * @param since a snapshot id; without it, the snapshot the latest trained version used (404 when no version
     *              was trained yet)
     */
    @GetMapping("/snapshots/{snapshotId}/changes")
    public Changes changes(@PathVariable String task, @PathVariable String snapshotId,
                           @RequestParam(required = false) String since) {
        TaskName name = TaskName.of(task);
        if (since == null || since.isBlank()) {
            TrainedSnapshots.SinceTrained s = trained.sinceTrained(name, snapshotId).orElseThrow(() ->
                    new NoSuchElementException("Task '" + task + "' has no trained version yet: name the earlier "
                            + "snapshot with ?since=<snapshotId>"));
            return changes(snapshotId, s.sinceSnapshotId(), s.version(), s.changes());
        }
        return changes(snapshotId, since, null, trained.changes(name, since, snapshotId));
    }

    /** The versions whose training was requested, with the snapshot each used and when it completed. */
    @GetMapping("/trained-snapshots")
    public List<TrainedSnapshots.Version> trainedSnapshots(@PathVariable String task) {
        return trained.versions(TaskName.of(task));
    }

    private static Changes changes(String snapshotId, String since, String version, RowChanges c) {
        return new Changes(snapshotId, since, version, c.added(), c.changed(), c.removed());
    }
}
