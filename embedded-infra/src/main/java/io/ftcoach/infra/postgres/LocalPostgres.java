package io.ftcoach.infra.postgres;

import io.ftcoach.infra.support.FreePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A throw-away PostgreSQL 15 cluster with {@code wal_level=logical} (what Debezium's pgoutput needs), started from
 * the locally installed binaries: {@code initdb} into a fresh directory, then {@code pg_ctl start} on a free port
 * of 127.0.0.1 with trust authentication. {@link #close()} stops it and deletes the directory.
 *
 * <p>PostgreSQL refuses to run as root, so when this JVM runs as root every binary runs as the {@code postgres} OS
 * user through {@code runuser -u postgres --}, and the cluster directory is handed to that user.
 *
 * <p>A server started elsewhere (a container, say) can be wrapped with {@link #attach}.
 */
public final class LocalPostgres implements AutoCloseable {

    /** Environment variable naming the directory with {@code initdb} and {@code pg_ctl}. */
    public static final String BIN_ENV = "FTCOACH_PG_BIN";
    /** System property alternative to {@link #BIN_ENV}. */
    public static final String BIN_PROPERTY = "ftcoach.pg.bin";
    public static final Path DEFAULT_BIN = Path.of("/usr/lib/postgresql/15/bin");
    public static final String USER = "postgres";
    static final String OS_USER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Runnable stopper;
    private volatile boolean closed;

    private LocalPostgres(String host, int port, String user, String password, Runnable stopper) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.stopper = stopper;
    }

    /** Starts a cluster in a new directory under the system temp directory (normally {@code /tmp}). */
    public static LocalPostgres start() {
        return start(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Starts a cluster in a new {@code pg-*} directory under {@code baseDir}. When running as root the base directory
     * must be traversable by the {@code postgres} user, so use one under {@code /tmp}, not {@code /root}.
     */
    public static LocalPostgres start(Path baseDir) {
        return start(baseDir, binDir());
    }

    /** As {@link #start(Path)} with an explicit directory holding {@code initdb} and {@code pg_ctl}. */
    public static LocalPostgres start(Path baseDir, Path binDir) {
        Path initdb = binDir.resolve("initdb");
        Path pgCtl = binDir.resolve("pg_ctl");
        if (!Files.isExecutable(initdb) || !Files.isExecutable(pgCtl)) {
            throw new IllegalStateException("PostgreSQL 15 binaries not found: " + initdb + " and " + pgCtl
                    + " must exist. Install the apt package postgresql-15 (apt-get install -y postgresql-15), "
                    + "or set " + BIN_ENV + " to the directory that holds initdb and pg_ctl.");
        }
        boolean asRoot = runningAsRoot();
        long t0 = System.nanoTime();
        Path clusterDir;
        try {
            Files.createDirectories(baseDir);
            clusterDir = Files.createTempDirectory(baseDir.toAbsolutePath(), "pg-");
            if (asRoot) {
                UserPrincipal owner = clusterDir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(OS_USER);
                Files.setOwner(clusterDir, owner);
                Files.setPosixFilePermissions(clusterDir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw new IllegalStateException("This JVM runs as root and there is no '" + OS_USER + "' OS user; "
                    + "PostgreSQL refuses to run as root. Create the user (useradd -r -m " + OS_USER
                    + ") or run as a non-root user.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a PostgreSQL cluster directory under " + baseDir + ": "
                    + e.getMessage(), e);
        }
        if (asRoot && run(true, 10, "test", "-w", clusterDir.toString()).exitCode() != 0) {
            delete(clusterDir);
            throw new IllegalStateException("The " + OS_USER + " OS user cannot reach " + clusterDir
                    + ": a parent directory is not traversable by it. Use a base directory under /tmp.");
        }
        Path data = clusterDir.resolve("data");
        Path logFile = clusterDir.resolve("postgres.log");
        int port = FreePorts.pick();
        try {
            Result init = run(asRoot, 120, initdb.toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
            if (init.exitCode() != 0) {
                throw new IllegalStateException("initdb failed (exit " + init.exitCode() + "): " + init.output());
            }
            appendConfig(data.resolve("postgresql.conf"), clusterDir, port, asRoot);
            Result start = run(asRoot, 90, pgCtl.toString(), "-D", data.toString(), "-l", logFile.toString(),
                    "-w", "-t", "60", "start");
            if (start.exitCode() != 0) {
                throw new IllegalStateException("pg_ctl start failed (exit " + start.exitCode() + "): "
                        + start.output() + "\n" + tail(logFile));
            }
        } catch (RuntimeException e) {
            run(asRoot, 30, pgCtl.toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
            delete(clusterDir);
            throw new IllegalStateException("Cannot start PostgreSQL in " + clusterDir + " on port " + port + ": "
                    + e.getMessage(), e);
        }
        log.info("PostgreSQL started on 127.0.0.1:{} in {} ({} ms{})", port, clusterDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), asRoot ? ", as OS user " + OS_USER : "");
        Runnable stopper = () -> {
            Result stop = run(asRoot, 90, pgCtl.toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop");
            if (stop.exitCode() != 0) {
                log.warn("pg_ctl stop for {} failed (exit {}): {}", clusterDir, stop.exitCode(), stop.output());
            }
            delete(clusterDir);
        };
        return new LocalPostgres(FreePorts.LOOPBACK, port, USER, "", stopper);
    }

    /**
     * Wraps a PostgreSQL server someone else started, e.g. a Testcontainers container.
     *
     * @param onClose what {@link #close()} does, e.g. stop the container
     */
    public static LocalPostgres attach(String host, int port, String user, String password, Runnable onClose) {
        return new LocalPostgres(host, port, user, password, onClose);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The superuser, {@code postgres}. */
    public String user() {
        return user;
    }

    /** Password of {@link #user()}; empty for a local cluster, which trusts every local connection. */
    public String password() {
        return password;
    }

    /** JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A new connection as {@link #user()}; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /**
     * Creates a database unless it exists.
     *
     * @param name letters, digits and underscores, not starting with a digit
     * @return its JDBC URL
     */
    public String createDatabase(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME.pattern() + ", was '"
                    + name + "'");
        }
        try (Connection c = connect("postgres")) {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return jdbcUrl(name);
                    }
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE \"" + name + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + " on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    /** Stops the server ({@code pg_ctl stop -m fast}) and deletes its directory; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopper.run();
    }

    @Override
    public String toString() {
        return "LocalPostgres[" + host + ":" + port + "]";
    }

    static Path binDir() {
        String configured = System.getProperty(BIN_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(BIN_ENV);
        }
        return configured == null || configured.isBlank() ? DEFAULT_BIN : Path.of(configured);
    }

    static boolean runningAsRoot() {
        if ("root".equals(System.getProperty("user.name"))) {
            return true;
        }
        // user.name can be unreliable in containers without a passwd entry; the uid is not
        Result id = run(false, 10, "id", "-u");
        return id.exitCode() == 0 && id.output().trim().equals("0");
    }

    private static void appendConfig(Path conf, Path clusterDir, int port, boolean asRoot) {
        String settings = String.join("\n",
                "",
                "# added by io.ftcoach.infra.postgres.LocalPostgres",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                // the socket goes next to the data, so nothing depends on /var/run/postgresql
                "unix_socket_directories = '" + clusterDir + "'",
                // logical decoding for Debezium (pgoutput)
                "wal_level = logical",
                "max_wal_senders = 10",
                "max_replication_slots = 10",
                // durability is pointless for a throw-away cluster, speed is not
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                "");
        try {
            Files.writeString(conf, settings, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + conf + (asRoot ? " (as root)" : "") + ": " + e.getMessage(), e);
        }
    }

    record Result(int exitCode, String output) {
    }

    /** Runs a command, as the postgres OS user when {@code asPostgres}; output is stdout and stderr together. */
    static Result run(boolean asPostgres, int timeoutSeconds, String... command) {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(List.of(command));
        Path output = null;
        try {
            // output goes to a file rather than a pipe, so a hanging command cannot block us past the timeout
            output = Files.createTempFile("ftcoach-pg-cmd-", ".log");
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", full));
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            String hint = asPostgres ? " (is runuser installed? it is part of util-linux)" : "";
            return new Result(-1, "cannot run " + String.join(" ", full) + hint + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted while running " + String.join(" ", full));
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    log.debug("cannot delete {}", output, e);
                }
            }
        }
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return "last lines of " + logFile + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no server log at " + logFile + ")";
        }
    }

    private static void delete(Path dir) {
        try {
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException e) {
            log.warn("Cannot delete PostgreSQL directory {}: {}", dir, e.getMessage());
        }
    }
}
