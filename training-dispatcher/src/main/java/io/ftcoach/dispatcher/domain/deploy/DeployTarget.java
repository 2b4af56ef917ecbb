package io.ftcoach.dispatcher.domain.deploy;

import java.nio.file.Path;
import java.util.List;

/** One place a version can be deployed to: the Hugging Face Hub, an Ollama server, vLLM. */
public interface DeployTarget {

    /** The name a DeploymentRequested names it by. */
    String name();

    /**
     * Deploys the request's version from the task folder.
     *
     * @return what was put in place, one entry per ModelDeployed to announce
     * @throws DeploymentException with what went wrong and the fix; whatever was written locally is complete
     */
    List<Deployed> deploy(DeploymentRequest request, TaskFacts task);
}
