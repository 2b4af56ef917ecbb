package io.ftcoach.support.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * Settings every service shares.
 *
 * @param workspace the root under which each task is a folder (ARCHITECTURE.md §3).
 * @param stateDir  where a service keeps its own small state, e.g. the ids of the events it has applied.
 * @param apiToken  token every HTTP endpoint checks (Bearer, or basic-auth password); required when the service
 *                  binds to anything but a loopback address. From {@code FTCOACH_API_TOKEN}; never logged.
 */
@ConfigurationProperties(prefix = "ftcoach")
public record FtcoachServiceProperties(
        Path workspace,
        Path stateDir,
        String apiToken) {

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
    }

    public boolean hasApiToken() {
        return apiToken != null && !apiToken.isBlank();
    }

    @Override
    public String toString() {
        return "FtcoachServiceProperties[workspace=" + workspace + ", stateDir=" + stateDir
                + ", apiToken=" + (hasApiToken() ? "****" : "none") + "]";
    }
}
