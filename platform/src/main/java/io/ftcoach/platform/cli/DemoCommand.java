package io.ftcoach.platform.cli;

import io.ftcoach.infra.postgres.LocalPostgres;
import io.ftcoach.platform.demo.Demo;
import io.ftcoach.platform.demo.DemoData;
import io.ftcoach.platform.demo.DemoDriver;
import io.ftcoach.platform.demo.DemoSource;
import io.ftcoach.platform.launcher.Platform;
import io.ftcoach.platform.launcher.PlatformSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start the embedded platform on a fresh folder and drive the whole workflow through the chat: "
                + "goal, task, data source, project, training v1, analysis and diagnosis, v2 with the fix, and the "
                + "comparison. The data is the shipped sample of labelled reviews, from a throw-away PostgreSQL "
                + "through Debezium when PostgreSQL 15 is installed, otherwise from a file.",
                "Ports as for 'up' (the chat page on 8080)."})
final class DemoCommand implements Callable<Integer> {

    /** Marks a folder the demo made, so only such a folder is ever wiped. */
    static final String MARKER = ".ftcoach-demo";

    @Option(names = "--home", description = "A fresh folder for the demo's kafka/, workspace/, state/ (default ~/.ftcoach-demo; "
            + "a previous demo's folder is wiped first).")
    Path home;

    @Option(names = "--keep-running", description = "Leave the platform up afterwards (Ctrl-C stops it).")
    boolean keepRunning;

    @Option(names = "--source", defaultValue = "auto", description = "auto, postgres or file (default auto).")
    String source;

    @Option(names = "--step-timeout", defaultValue = "PT180S", description = "How long one step may take (ISO-8601).")
    Duration stepTimeout;

    @Override
    public Integer call() throws Exception {
        Path dir = home != null ? home : Demo.defaultHome();
        String fresh = prepare(dir);
        if (fresh != null) {
            System.err.println("ftcoach demo: " + fresh);
            return 2;
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("FTCOACH_HOME", dir.toString());
        PlatformSettings settings = PlatformSettings.fromEnvironment(env);
        System.out.println("Fine-tune Coach demo (home " + dir + ")");
        Platform platform;
        try {
            platform = Platform.start(settings, line -> System.out.println("  " + line), keepRunning);
        } catch (RuntimeException e) {
            System.err.println("ftcoach demo: the platform did not start: " + UpCommand.rootMessage(e)
                    + " (is 'ftcoach up' already running on the same ports?)");
            return 1;
        }
        LocalPostgres pg = null;
        try {
            platform.awaitHealthy(Duration.ofSeconds(120), settings.apiToken());
            Path sample = DemoData.sampleTo(dir.resolve("sample/reviews.csv"));
            List<DemoData.Review> rows = DemoData.read(sample, "review", "sentiment", l -> l);
            DemoSource data = null;
            if (!"file".equals(source)) {
                try {
                    pg = LocalPostgres.start();
                    String problem = Demo.credentialsProblem(System.getenv(), pg);
                    if (problem == null) {
                        data = Demo.database(pg, rows);
                    } else {
                        System.out.println("PostgreSQL source not used: " + problem);
                    }
                } catch (RuntimeException e) {
                    System.out.println("PostgreSQL could not be started, so the sample is imported from a file: "
                            + UpCommand.rootMessage(e));
                }
                if (data == null && "postgres".equals(source)) {
                    close(platform, pg);
                    return 1;
                }
            }
            if (data == null) {
                data = new DemoSource.File(sample, "review", "sentiment", rows.size());
            }
            System.out.println("Data: " + rows.size() + " labelled reviews (shipped sample), " + data.describe());
            DemoDriver driver = new DemoDriver(new DemoDriver.Target(platform.urls(), settings.workspace()),
                    System.out::println, stepTimeout);
            DemoDriver.Outcome outcome = driver.run(Demo.TASK, data);
            Demo.summary(outcome, System.out::println);
        } catch (DemoDriver.DemoFailed e) {
            System.err.println("ftcoach demo stopped: " + e.getMessage());
            if (!keepRunning) {
                close(platform, pg);
                return 1;
            }
        }
        if (keepRunning) {
            System.out.println("The platform keeps running (home " + dir + "). Press Ctrl-C to stop.");
            if (pg != null) {
                LocalPostgres cluster = pg;
                Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "ftcoach-demo-postgres-stop"));
            }
            new CountDownLatch(1).await();
        }
        close(platform, pg);
        return 0;
    }

    private static void close(Platform platform, LocalPostgres pg) {
        platform.close();
        if (pg != null) {
            pg.close();
        }
    }

    /** Empties a previous demo's folder; null when ready, else why the folder cannot be used. */
    static String prepare(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                return dir + " is not empty and was not made by the demo; choose another --home";
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "made by ftcoach demo; wiped by the next one\n");
        return null;
    }
}
