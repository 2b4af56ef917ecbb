package io.ftcoach.lineage.domain;

import java.util.List;

/**
 * What a ModelDeployed says about a version on one target (huggingface, ollama, vllm …): where it is served and
 * what was published. A version may be deployed to several targets; each target keeps its latest deployment.
 */
public record DeploymentSection(EventRef source, String target, String location, List<ModelSection.Artifact> artifacts)
        implements Section {

    public DeploymentSection {
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }
}
