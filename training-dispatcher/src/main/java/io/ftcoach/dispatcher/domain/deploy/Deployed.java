package io.ftcoach.dispatcher.domain.deploy;

import io.ftcoach.dispatcher.domain.JobArtifact;

import java.util.List;

/**
 * One thing a deployment put in place, announced as one ModelDeployed.
 *
 * @param variant   adapter, merged, gguf or dataset on the Hub; the target's name for Ollama and vLLM
 * @param location  the Hub repository URL, the Ollama model name or the vLLM endpoint
 * @param artifacts what it produced: remote objects by URI, local files relative to the task folder
 * @param notes     what was done, for a person (commit ids, the smoke reply, the serve command)
 */
public record Deployed(String variant, String location, List<JobArtifact> artifacts, List<String> notes) {

    public Deployed {
        artifacts = List.copyOf(artifacts);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
