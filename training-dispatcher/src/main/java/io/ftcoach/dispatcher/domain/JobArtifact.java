package io.ftcoach.dispatcher.domain;

/**
 * A file or remote object a job produced.
 *
 * @param kind   adapter, merged, gguf, predictions, log, checkpoint …
 * @param path   relative to the task folder, or a URI for a remote artefact
 * @param sha256 lower-case hex, or null where it is not known (remote artefacts)
 */
public record JobArtifact(String kind, String path, String sha256) {
}
