package io.ftcoach.platform.demo;

import io.ftcoach.infra.postgres.LocalPostgres;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Picks the demo's data source and prints what the demo produced. */
public final class Demo {

    public static final String TASK = "demo-review-sentiment";
    public static final String DATABASE = "demo_reviews";
    /** Environment variables data_source.yaml names for the database credentials (the advisor writes them). */
    public static final String DB_USER = "DB_USER";
    public static final String DB_PASSWORD = "DB_PASSWORD";

    private Demo() {
    }

    /**
     * Why the PostgreSQL source cannot be used with this environment, or null when it can: data-ingest reads the
     * credentials from ${DB_USER} and ${DB_PASSWORD} of this process, which must name the cluster's user.
     */
    public static String credentialsProblem(Map<String, String> env, LocalPostgres pg) {
        String user = env.get(DB_USER);
        if (user == null || !user.equals(pg.user())) {
            return DB_USER + " is " + (user == null ? "not set" : "'" + user + "'") + "; the throw-away cluster's user is '"
                    + pg.user() + "' (./ftcoach demo sets it)";
        }
        String password = env.get(DB_PASSWORD);
        if (password == null || password.isEmpty()) {
            return DB_PASSWORD + " is not set (any value works: the throw-away cluster trusts local connections; "
                    + "./ftcoach demo sets one)";
        }
        return null;
    }

    /** Loads the rows into the cluster and describes them as the advisor's database source. */
    public static DemoSource.Database database(LocalPostgres pg, List<DemoData.Review> rows) throws java.sql.SQLException {
        DemoData.load(pg, DATABASE, rows);
        return new DemoSource.Database(pg.host(), pg.port(), DATABASE, DemoData.QUERY, rows.size());
    }

    /** The end of the demo: where the files are, the comparison, the REST fallbacks and the chat page. */
    public static void summary(DemoDriver.Outcome o, Consumer<String> out) {
        out.accept("");
        out.accept("Done. Task folder: " + o.taskFolder());
        for (String f : List.of("task.yaml", "data_source.yaml", "scripts/", "versions/v1/lineage.yaml",
                "versions/v2/lineage.yaml", "benchmarks/results/")) {
            out.accept("  " + (java.nio.file.Files.exists(o.taskFolder().resolve(f)) ? "✓ " : "✗ ") + f);
        }
        out.accept("");
        out.accept("Comparison of v1 and v2 (the coach's /compare):");
        o.comparison().lines().forEach(l -> out.accept("  " + l));
        out.accept("");
        if (o.restCalls().isEmpty()) {
            out.accept("Every step went through the chat.");
        } else {
            out.accept("Steps driven over REST because the chat offers no way to them: " + String.join("; ", o.restCalls()));
        }
        out.accept("Chat page: " + o.chatPage());
    }

    /** The default home of the demo: its own, so it never mixes with ~/.ftcoach. */
    public static Path defaultHome() {
        return Path.of(System.getProperty("user.home"), ".ftcoach-demo");
    }
}
