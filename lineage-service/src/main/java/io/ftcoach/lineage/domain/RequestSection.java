package io.ftcoach.lineage.domain;

import java.util.List;

/** What a TrainingRequested says about a version: when it was created, its parent, data, config and changes. */
public record RequestSection(EventRef source, String parent, String dataSnapshotId, TrainingSettings config,
                             List<String> statedChanges) implements Section {

    public RequestSection {
        statedChanges = statedChanges == null ? List.of() : List.copyOf(statedChanges);
    }
}
