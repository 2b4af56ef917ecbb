package io.ftcoach.infra.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A service as it runs, for its integration tests: its own Spring context, started through its
 * {@code XxxApplication.builder()} (so with its own yml) on {@link TestInfrastructure#shared()}, with its workspace
 * and state directory in a temp folder and a random HTTP port, and an {@link EventProbe} on the same infrastructure.
 * One context for all tests of a class:
 * {@code @RegisterExtension static final RunningService service = new RunningService(XxxApplication::builder);}
 * starts it before the class's tests and stops it, and deletes the temp folder, after them.
 */
public final class RunningService implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<SpringApplicationBuilder> builder;
    private Path home;
    private ConfigurableApplicationContext context;
    private EventProbe events;

    /** @param builder the service's own builder, e.g. {@code XxxApplication::builder} */
    public RunningService(Supplier<SpringApplicationBuilder> builder) {
        this.builder = builder;
    }

    /**
     * The command line that points a service at the shared infrastructure
     * ({@link TestInfrastructure#springProperties()}), at {@code home/workspace} and {@code home/state}, and at a
     * random port. Command-line arguments, because they
     * outrank the service's own yml, as the builder's default properties would not.
     */
    public static String[] arguments(Path home) {
        List<String> args = new ArrayList<>();
        TestInfrastructure.shared().springProperties().forEach((k, v) -> args.add("--" + k + "=" + v));
        args.add("--ftcoach.workspace=" + home.resolve("workspace"));
        args.add("--ftcoach.state-dir=" + home.resolve("state"));
        args.add("--server.port=0");
        return args.toArray(String[]::new);
    }

    /**
     * Starts the service. {@link #arguments(Path)} starts the shared infrastructure first, and with it every catalogue
     * topic, so the service's listeners find their input topics at start.
     */
    @Override
    public void beforeAll(ExtensionContext extensionContext) throws IOException {
        home = Files.createTempDirectory("ftcoach-service-test-");
        context = builder.get().run(arguments(home));
        events = EventProbe.onSharedInfrastructure();
    }

    /** Closes the probe, then the context, then deletes the temp folder. */
    @Override
    public void afterAll(ExtensionContext extensionContext) throws IOException {
        if (events != null) {
            events.close();
        }
        if (context != null) {
            context.close();
        }
        if (home != null) {
            TestInfrastructure.deleteTree(home);
        }
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    /** The temp folder that holds {@code workspace/} and {@code state/}. */
    public Path home() {
        return home;
    }

    /** {@code home/workspace}, the service's {@code ftcoach.workspace}. */
    public Path workspace() {
        return home.resolve("workspace");
    }

    /** {@code http://127.0.0.1:PORT}, the service's HTTP address. */
    public String baseUrl() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** Sends events to, and reads them from, the broker the service uses. */
    public EventProbe events() {
        return events;
    }
}
