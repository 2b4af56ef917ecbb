package io.ftcoach.platform.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code ftcoach up} starts and where.
 *
 * @param home            root of the platform's local state ({@code ~/.ftcoach}): kafka/, workspace/, state/
 * @param kafkaPort       port of the embedded broker (9092)
 * @param registryPort    port of the embedded schema registry (8081)
 * @param externalKafka   bootstrap servers of an external Kafka; null starts the embedded broker
 * @param externalRegistry URL of an external Confluent-API registry; null starts the embedded one
 * @param servicePorts    port of each service by name; 0 picks a free port (tests)
 * @param apiToken        token guarding every HTTP endpoint ({@code FTCOACH_API_TOKEN}), or null; never printed
 */
public record PlatformSettings(Path home, int kafkaPort, int registryPort, String externalKafka,
                               String externalRegistry, Map<String, Integer> servicePorts, String apiToken) {

    public PlatformSettings {
        servicePorts = Map.copyOf(servicePorts);
    }

    /** Every port 0 (free ports), for tests and for running beside another platform. */
    public static PlatformSettings ephemeral(Path home) {
        var ports = new java.util.HashMap<String, Integer>();
        ServiceApp.ALL.forEach(app -> ports.put(app.name(), 0));
        return new PlatformSettings(home, 0, 0, null, null, ports, null);
    }

    @Override
    public String toString() {
        return "PlatformSettings[home=" + home + ", kafkaPort=" + kafkaPort + ", registryPort=" + registryPort
                + ", externalKafka=" + externalKafka + ", externalRegistry=" + externalRegistry
                + ", servicePorts=" + servicePorts + ", apiToken=" + (apiToken == null ? "none" : "****") + "]";
    }

    public Path kafkaDir() {
        return home.resolve("kafka");
    }

    public Path workspace() {
        return home.resolve("workspace");
    }

    public Path stateDir() {
        return home.resolve("state");
    }

    /** Defaults, overridden by the same environment variables the services read. */
    public static PlatformSettings fromEnvironment(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("FTCOACH_HOME", System.getProperty("user.home") + "/.ftcoach"));
        var ports = new java.util.HashMap<String, Integer>();
        for (ServiceApp app : ServiceApp.ALL) {
            ports.put(app.name(), intOf(env, app.portVariable(), app.defaultPort()));
        }
        return new PlatformSettings(home, intOf(env, "FTCOACH_KAFKA_PORT", 9092),
                intOf(env, "FTCOACH_REGISTRY_PORT", 8081),
                blankToNull(env.get("FTCOACH_KAFKA_BOOTSTRAP_SERVERS")),
                blankToNull(env.get("FTCOACH_SCHEMA_REGISTRY_URL")), ports, blankToNull(env.get("FTCOACH_API_TOKEN")));
    }

    private static int intOf(Map<String, String> env, String key, int fallback) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a port number");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
