package io.ftcoach.platform.cli;

import io.ftcoach.platform.launcher.Platform;
import io.ftcoach.platform.launcher.PlatformSettings;
import io.ftcoach.platform.ops.OpsEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the embedded platform in this process: a KRaft Kafka broker, the schema registry and "
                + "the five services. Ctrl-C stops everything.",
                "Environment: FTCOACH_HOME, FTCOACH_KAFKA_PORT, FTCOACH_REGISTRY_PORT, FTCOACH_<SERVICE>_PORT, "
                        + "FTCOACH_KAFKA_BOOTSTRAP_SERVERS and FTCOACH_SCHEMA_REGISTRY_URL (use external ones), "
                        + "FTCOACH_OPS_PORT, FTCOACH_API_TOKEN (required to bind beyond 127.0.0.1)."})
final class UpCommand implements Callable<Integer> {

    @Option(names = "--home", description = "Local state: kafka/, workspace/, state/ (default ~/.ftcoach).")
    Path home;

    @Option(names = "--kafka-bootstrap-servers", description = "Use this Kafka instead of starting one.")
    String kafka;

    @Option(names = "--schema-registry-url", description = "Use this Confluent-API registry instead of starting one.")
    String registry;

    @Option(names = "--ops-port", defaultValue = "${env:FTCOACH_OPS_PORT:-8086}",
            description = "Port of the operations view GET /api/ops/topics (default 8086, or FTCOACH_OPS_PORT).")
    int opsPort;

    @Option(names = "--health-timeout", defaultValue = "PT120S", description = "How long to wait for health (ISO-8601).")
    Duration healthTimeout;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (home != null) {
            env.put("FTCOACH_HOME", home.toString());
        }
        if (kafka != null) {
            env.put("FTCOACH_KAFKA_BOOTSTRAP_SERVERS", kafka);
        }
        if (registry != null) {
            env.put("FTCOACH_SCHEMA_REGISTRY_URL", registry);
        }
        PlatformSettings settings = PlatformSettings.fromEnvironment(env);
        Files.createDirectories(settings.home());
        System.out.println("Starting Fine-tune Coach (home " + settings.home() + ")");
        Platform platform;
        try {
            platform = Platform.start(settings, line -> System.out.println("  " + line), true);
        } catch (RuntimeException e) {
            System.err.println("ftcoach up failed: " + rootMessage(e));
            return 1;
        }
        platform.awaitHealthy(healthTimeout, settings.apiToken());
        long sinceJvmStart = ManagementFactory.getRuntimeMXBean().getUptime();
        System.out.printf("All healthy %.1f s after start; resident memory %d MB. Workspace: %s%n",
                sinceJvmStart / 1000.0, ResidentMemory.megabytes(), settings.workspace());
        try {
            OpsEndpoint ops = OpsEndpoint.start(env.getOrDefault("FTCOACH_BIND_ADDRESS", "127.0.0.1"), opsPort,
                    platform.bootstrapServers(), settings.apiToken());
            Runtime.getRuntime().addShutdownHook(new Thread(ops::close, "ftcoach-ops-stop"));
            System.out.println("Operations view: " + ops.url() + OpsEndpoint.PATH + " (or ftcoach ops topics)");
        } catch (RuntimeException e) {
            // the platform itself is up; only the view is missing, and ftcoach ops topics still works
            System.err.println("Operations view not started: " + e.getMessage());
        }
        System.out.println("Chat: " + platform.urls().get("coach-service") + "   Press Ctrl-C to stop.");
        // the services run on their own threads; Spring's shutdown hook stops them, then the broker
        new CountDownLatch(1).await();
        return 0;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? e.getMessage() : e.getMessage() + " (cause: " + t.getMessage() + ")";
    }
}
