package io.ftcoach.platform.cli;

import io.ftcoach.platform.launcher.PlatformSettings;
import io.ftcoach.platform.ops.TopicsReader;
import io.ftcoach.platform.ops.TopicsReport;
import io.ftcoach.platform.ops.TopicsTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "ops", mixinStandardHelpOptions = true, description = "Operations views of a running platform.",
        subcommands = OpsCommand.Topics.class)
final class OpsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "topics", mixinStandardHelpOptions = true,
            description = {"Every topic with its end offsets (per partition), the records it holds and the time of "
                    + "its last event; its dead-letter topic's count; and each consumer group's committed offsets "
                    + "and lag. Read through the Kafka Admin API: nothing is consumed.",
                    "Environment: FTCOACH_KAFKA_BOOTSTRAP_SERVERS, FTCOACH_KAFKA_PORT (the default address)."})
    static final class Topics implements Callable<Integer> {

        @Option(names = "--bootstrap-servers",
                description = "Kafka to read (default: FTCOACH_KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:<FTCOACH_KAFKA_PORT or 9092>).")
        String bootstrapServers;

        @Option(names = "--all", description = "Every non-internal topic, not only the catalogue's.")
        boolean all;

        @Option(names = "--json", description = "The report as JSON.")
        boolean json;

        @Option(names = "--timeout", defaultValue = "PT10S", description = "How long to wait for Kafka (ISO-8601).")
        Duration timeout;

        // replaced by tests
        PrintStream out = System.out;
        PrintStream err = System.err;
        Map<String, String> environment = System.getenv();

        @Override
        public Integer call() {
            PlatformSettings settings = PlatformSettings.fromEnvironment(environment);
            String servers = bootstrapServers != null ? bootstrapServers
                    : settings.externalKafka() != null ? settings.externalKafka() : "127.0.0.1:" + settings.kafkaPort();
            TopicsReport report;
            try (TopicsReader reader = new TopicsReader(servers, timeout, Clock.systemUTC())) {
                report = reader.read(all);
            } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
                err.println("ftcoach ops topics: " + e.getMessage());
                return 1;
            }
            if (json) {
                out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                        .writeValueAsString(report));
            } else {
                TopicsTable.lines(report).forEach(out::println);
            }
            out.flush();
            return 0;
        }
    }
}
