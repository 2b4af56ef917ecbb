package io.ftcoach.support.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.List;

/**
 * Settings every service shares.
 *
 * @param workspace the root under which each task is a folder (ARCHITECTURE.md §3).
 * @param stateDir  where a service keeps its own small state, e.g. the ids of the events it has applied.
 * @param apiToken  token every HTTP endpoint checks (Bearer, or basic-auth password); required when the service
 *                  binds to anything but a loopback address. From {@code FTCOACH_API_TOKEN}; never logged.
 * @param corsAllowedOrigins origins of web pages whose scripts may call this service's {@code /api} from a browser:
 *                  by default the coach's chat page (port 8080), which shows results and comparisons that other
 *                  services own. From {@code FTCOACH_CORS_ALLOWED_ORIGINS}, comma-separated.
 */
@ConfigurationProperties(prefix = "ftcoach")
public record FtcoachServiceProperties(
        Path workspace,
        Path stateDir,
        String apiToken,
        List<String> corsAllowedOrigins) {

    /**
     * Set by {@code ftcoach-common.yml}, which every service imports: the shared plumbing configures only the
     * contexts that ask for it, not a neighbour in the same JVM such as the embedded schema registry.
     */
    public static final String ENABLED = "ftcoach.service.enabled";

    /** Defaults under {@code ~/.ftcoach}, so the embedded platform works without any configuration. */
    public FtcoachServiceProperties {
        Path home = Path.of(System.getProperty("user.home"), ".ftcoach");
        workspace = workspace == null ? home.resolve("workspace") : workspace;
        stateDir = stateDir == null ? home.resolve("state") : stateDir;
        corsAllowedOrigins = corsAllowedOrigins == null ? CHAT_PAGE_ORIGINS : List.copyOf(corsAllowedOrigins);
    }

    /** Where the embedded platform serves the chat page. */
    public static final List<String> CHAT_PAGE_ORIGINS = List.of("http://127.0.0.1:8080", "http://localhost:8080");

    public boolean hasApiToken() {
        return apiToken != null && !apiToken.isBlank();
    }

    @Override
    public String toString() {
        return "FtcoachServiceProperties[workspace=" + workspace + ", stateDir=" + stateDir
                + ", apiToken=" + (hasApiToken() ? "****" : "none") + ", corsAllowedOrigins=" + corsAllowedOrigins + "]";
    }
}
