package io.ftcoach.ingest.cdc;

import io.ftcoach.infra.postgres.LocalPostgres;
import io.ftcoach.ingest.domain.DataPipeline;
import io.ftcoach.ingest.domain.DataSourceFile;
import io.ftcoach.ingest.domain.DataSourceService;
import io.ftcoach.ingest.domain.DataValidator;
import io.ftcoach.ingest.domain.DataWorkspace;
import io.ftcoach.ingest.domain.FileImportSource;
import io.ftcoach.ingest.domain.SourceDefinition;
import io.ftcoach.ingest.domain.SourceReader;
import io.ftcoach.ingest.domain.SourceRows;
import io.ftcoach.ingest.domain.ValidationReport;
import io.ftcoach.support.workspace.AtomicFiles;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Not a test, and not run by the build's tests: a 1,000,000-row PostgreSQL table (waimai_10k's reviews, each
 * repeated with a numbered variation) to validated splits through Debezium, against
 * {@code psql -c "\copy (SELECT …) TO STDOUT"} of the same table in the same run. Writes a Markdown report.
 *
 * <pre>./mvnw -pl data-ingest-service test-compile exec:java [-Dexec.args="ROWS REPORT_FILE"]</pre>
 *
 * It starts its own throw-away PostgreSQL 15 (the local binaries, as the tests do), so it needs no Kafka.
 */
public final class PostgresIngestBenchmark {

    private static final String DB = "ingest_benchmark";
    private static final String QUERY = "SELECT id, review, sentiment FROM public.reviews";

    private PostgresIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path report = Path.of(args.length > 1 ? args[1] : System.getProperty("ftcoach.benchmark.report",
                "target/benchmarks/postgres-ingest.md"));
        Path csv = Path.of(System.getProperty("ftcoach.shared.dir", "../shared"), "datasets", "waimai_10k.csv");
        if (!Files.isRegularFile(csv)) {
            throw new IllegalStateException("The benchmark reads " + csv.toAbsolutePath() + " (the shared waimai_10k "
                    + "dataset), which is missing: put it there or pass -Dftcoach.shared.dir=<the shared folder>");
        }
        Path home = Files.createTempDirectory("ftcoach-ingest-benchmark-");
        try (LocalPostgres pg = LocalPostgres.start()) {
            pg.createDatabase(DB);
            long loadMs = load(pg, csv, rows);
            long[] psql = psqlCopy(pg);
            Result run = ingest(pg, home.resolve("workspace"));
            String text = report(rows, loadMs, psql, run);
            AtomicFiles.writeString(report, text);
            System.out.println(text);
            System.out.println("Written to " + report.toAbsolutePath());
        } finally {
            deleteTree(home);
        }
    }

    /** The waimai reviews repeated (with the copy's number appended) up to {@code rows} rows. */
    private static long load(LocalPostgres pg, Path csv, int rows) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = pg.connect(DB); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS reviews");
            st.execute("CREATE TABLE waimai (label int, review text)");
            try (InputStream in = Files.newInputStream(csv)) {
                new org.postgresql.copy.CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class))
                        .copyIn("COPY waimai FROM STDIN WITH (FORMAT csv, HEADER true)", in);
            }
            st.execute("CREATE TABLE reviews (id bigserial PRIMARY KEY, review text NOT NULL, sentiment text NOT NULL)");
            st.execute("INSERT INTO reviews (review, sentiment) SELECT w.review || '（第' || g || '份）', "
                    + "CASE w.label WHEN 1 THEN 'positive' ELSE 'negative' END FROM generate_series(1, "
                    + "(" + rows + " + (SELECT count(*) FROM waimai) - 1) / (SELECT count(*) FROM waimai)) g "
                    + "CROSS JOIN waimai w ORDER BY g, w.review LIMIT " + rows);
            st.execute("VACUUM ANALYZE reviews");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /** {@code psql \copy} of the same query to stdout: milliseconds and bytes. */
    private static long[] psqlCopy(LocalPostgres pg) throws Exception {
        Path psql = Path.of(System.getProperty(LocalPostgres.BIN_PROPERTY, System.getenv().getOrDefault(
                LocalPostgres.BIN_ENV, LocalPostgres.DEFAULT_BIN.toString())), "psql");
        ProcessBuilder pb = new ProcessBuilder(psql.toString(), "-h", pg.host(), "-p", Integer.toString(pg.port()),
                "-U", pg.user(), "-d", DB, "-c", "\\copy (" + QUERY + ") TO STDOUT");
        pb.environment().put("PGPASSWORD", pg.password());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        long t0 = System.nanoTime();
        Process p = pb.start();
        long bytes = 0;
        try (InputStream out = p.getInputStream()) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = out.read(buffer)) > 0) {
                bytes += n;
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException(psql + " exited with " + p.exitValue());
        }
        return new long[]{TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), bytes};
    }

    private record Result(long debeziumMs, long pipelineMs, long validateMs, long rows, long train, long valid,
                          long test, ValidationReport report) {
    }

    /** data_source.yaml with the table as a database source, run into a snapshot, then validated. */
    private static Result ingest(LocalPostgres pg, Path root) throws Exception {
        TaskName task = TaskName.of("benchmark-task");
        Files.createDirectories(root.resolve(task.value()));
        Files.writeString(root.resolve(task.value()).resolve("task.yaml"),
                "task_name: benchmark-task\noutput_format:\n  labels: [positive, negative]\n");
        Function<String, String> env = name -> "BENCH_DB_PASSWORD".equals(name) ? pg.password() : null;
        long[] readMs = {0};
        DebeziumPostgresSource debezium = new DebeziumPostgresSource(Duration.ofMinutes(15));
        SourceReader timed = new SourceReader() {
            @Override
            public String type() {
                return debezium.type();
            }

            @Override
            public SourceRows read(Path taskDir, SourceDefinition source, Function<String, String> environment) {
                long t0 = System.nanoTime();
                SourceRows out = debezium.read(taskDir, source, environment);
                readMs[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                return out;
            }
        };
        DataWorkspace data = new DataWorkspace(new Workspace(root), Clock.systemUTC());
        DataSourceService service = new DataSourceService(data, new DataSourceFile(env),
                new DataPipeline(List.of(new FileImportSource(), timed), env));
        service.put(task, ("""
                version: "1.0"
                sources:
                  - name: reviews-db
                    type: database
                    config:
                      driver: postgresql
                      host: %s
                      port: %d
                      database: %s
                      username: %s
                      password: ${BENCH_DB_PASSWORD}
                    query: %s
                    mapping: {text: review, label: sentiment}
                merge:
                  deduplication: {enabled: true, key: text}
                  shuffle: true
                  random_seed: 42
                split:
                  ratios: {train: 0.8, valid: 0.1, test: 0.1}
                  stratify_by: label
                  random_seed: 42
                """).formatted(pg.host(), pg.port(), DB, pg.user(), QUERY).getBytes(StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        DataSourceService.Run run = service.run(task, null);
        long pipelineMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        String id = run.imported().snapshot().snapshotId();
        long t1 = System.nanoTime();
        ValidationReport report = new DataValidator().validate(data.snapshotSplitFiles(task, id),
                Set.of("positive", "negative"));
        long validateMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
        var s = run.imported().snapshot();
        return new Result(readMs[0], pipelineMs, validateMs, run.sources().get(0).rows().size(), s.trainCount(),
                s.validCount(), s.testCount(), report);
    }

    private static String report(int rows, long loadMs, long[] psql, Result r) throws IOException {
        long totalMs = r.pipelineMs() + r.validateMs();
        double debeziumRate = r.rows() / (r.debeziumMs() / 1000.0);
        double totalRate = r.rows() / (totalMs / 1000.0);
        double psqlRate = rows / (psql[0] / 1000.0);
        StringBuilder out = new StringBuilder();
        out.append("# PostgreSQL → validated splits through Debezium\n\n");
        out.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPU(s), Java ").append(System.getProperty("java.version")).append(", max heap ")
                .append(Runtime.getRuntime().maxMemory() / (1 << 20)).append(" MiB, load average ")
                .append(io.ftcoach.ingest.domain.FileValidationBenchmark.loadAverage()).append(" at the end.\n\n");
        out.append(String.format(Locale.ROOT, "Table: %,d rows (waimai_10k reviews repeated with a numbered "
                + "variation), loaded in %.1f s.%n%n", rows, loadMs / 1000.0));
        out.append("| step | time | rows/s |\n|---|---|---|\n");
        out.append(String.format(Locale.ROOT, "| `psql -c \"\\copy (%s) TO STDOUT\"` (%,d bytes) | %.1f s | %,.0f |%n",
                QUERY, psql[1], psql[0] / 1000.0, psqlRate));
        out.append(String.format(Locale.ROOT, "| Debezium snapshot (JDBC probe + engine, rows in memory) | %.1f s | %,.0f |%n",
                r.debeziumMs() / 1000.0, debeziumRate));
        out.append(String.format(Locale.ROOT, "| whole run: Debezium + merge (dedup, shuffle) + stratified split + "
                + "files and snapshot written | %.1f s | %,.0f |%n", r.pipelineMs() / 1000.0, r.rows() / (r.pipelineMs() / 1000.0)));
        out.append(String.format(Locale.ROOT, "| validation of the snapshot's splits | %.1f s | %,.0f |%n",
                r.validateMs() / 1000.0, r.rows() / (r.validateMs() / 1000.0)));
        out.append(String.format(Locale.ROOT, "| **table → validated splits** | **%.1f s** | **%,.0f** |%n%n",
                totalMs / 1000.0, totalRate));
        out.append(String.format(Locale.ROOT, "Ratios (same run): Debezium snapshot alone is %.2f× psql \\copy's "
                + "time (%.1f%% of its rate); table → validated splits is %.2f× psql \\copy's time.%n%n",
                r.debeziumMs() / (double) psql[0], 100.0 * debeziumRate / psqlRate, totalMs / (double) psql[0]));
        out.append(String.format(Locale.ROOT, "Splits: train %,d, valid %,d, test %,d; validation verdict %s with %d "
                + "issue(s). Target: under 60 s for table → validated splits: %s.%n", r.train(), r.valid(), r.test(),
                r.report().verdict(), r.report().issues().size(), totalMs < 60_000 ? "met" : "NOT met"));
        return out.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
