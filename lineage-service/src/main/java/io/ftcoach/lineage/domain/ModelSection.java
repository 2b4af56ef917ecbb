package io.ftcoach.lineage.domain;

import java.util.List;

/** What a TrainingCompleted says about a version: the artefacts it produced, in the order the job listed them. */
public record ModelSection(EventRef source, String jobId, String backend, List<Artifact> artifacts)
        implements Section {

    public ModelSection {
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }

    /** A produced file or remote object: kind (adapter, merged, gguf, hf_repo …) and path relative to the task. */
    public record Artifact(String kind, String path) {
    }
}
