package io.ftcoach.dispatcher.domain.deploy;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * The credentials this target sends (a token, an API key): the deployer masks them in whatever it records or
     * announces about a failure, should a server or an exception ever repeat one.
     */
    default List<String> secrets() {
        return List.of();
    }

    /** The credentials among {@code token} and the user-info of {@code url} (http://user:password@host), if any. */
    static List<String> secrets(String token, String url) {
        List<String> out = new ArrayList<>();
        if (token != null && !token.isBlank()) {
            out.add(token);
        }
        try {
            String userInfo = url == null || url.isBlank() ? null : URI.create(url.strip()).getRawUserInfo();
            if (userInfo != null && !userInfo.isEmpty()) {
                out.add(userInfo);
            }
        } catch (IllegalArgumentException e) {
            // a URL that does not parse is reported by the call that uses it; it carries no user-info we could mask
        }
        return out;
    }
}
