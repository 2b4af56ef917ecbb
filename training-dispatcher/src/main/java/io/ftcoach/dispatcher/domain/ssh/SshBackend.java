package io.ftcoach.dispatcher.domain.ssh;

import io.ftcoach.dispatcher.domain.FailureCategory;
import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobFailure;
import io.ftcoach.dispatcher.domain.JobLog;
import io.ftcoach.dispatcher.domain.ProgressUpdate;
import io.ftcoach.dispatcher.domain.TrainingBackend;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.project.GeneratedProject;
import io.ftcoach.dispatcher.domain.project.LogTail;
import io.ftcoach.dispatcher.domain.project.ProgressLines;
import io.ftcoach.dispatcher.domain.project.ProgressThrottle;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ssh}: runs the generated project on a remote GPU server over SSH (Apache MINA SSHD client,
 * ARCHITECTURE.md §5). It uploads what the job needs over SFTP ({@link GeneratedProject#UPLOADED}) into
 * {@code <remote-dir>/<task>}, writes a run script {@code .ftcoach/<job>.sh} there and starts it detached
 * ({@code setsid nohup}, its own process group, the pid in {@code .ftcoach/<job>.pid}); then polls the log
 * {@code .ftcoach/<job>.log} (streamed into the job log, progress lines parsed) and the exit file the script
 * leaves ({@code .ftcoach/<job>.exit}: the script and its exit code). When both scripts ended well, it downloads
 * {@code models/adapter/<v>} (without checkpoints) and the predictions, each atomically. Cancel and the time limit
 * kill the remote process group. A run for a job whose remote process is still alive (after a lost connection or
 * a dispatcher restart) re-attaches to it instead of starting again.
 */
public final class SshBackend implements TrainingBackend {

    public static final String NAME = "ssh";
    private static final int TAIL_LINES = 40;
    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_./+-]+");

    /**
     * @param keyFile          a private key file (OpenSSH or PEM); null or blank when a password is used
     * @param password         null or blank when a key is used; never logged
     * @param knownHosts       the known_hosts file the server's key is checked against
     * @param acceptUnknownHosts true to trust any server key (a lab network; never on the internet)
     * @param remoteDir        where task folders go on the server, relative to the user's home or absolute
     * @param python           the interpreter on the server
     */
    public record Options(String host, int port, String user, String keyFile, String password, Path knownHosts,
                          boolean acceptUnknownHosts, String remoteDir, String python, Duration pollInterval,
                          Duration progressInterval, Duration connectTimeout) {

        @Override
        public String toString() {
            return "ssh " + user + "@" + host + ":" + port + " (key file " + keyFile + ", password "
                    + (password == null || password.isBlank() ? "not set" : "****") + ")";
        }
    }

    private final Options options;
    private final JobLog jobLog;
    private final Clock clock;

    /** @param jobLog where the remote output goes; null for nowhere */
    public SshBackend(Options options, JobLog jobLog, Clock clock) {
        this.options = options;
        this.jobLog = jobLog;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String location() {
        return isBlank(options.host()) ? null : options.user() + "@" + options.host() + ":" + options.port();
    }

    /** The run goes on detached on the server; a new run for the job follows it, or collects what it left. */
    @Override
    public boolean reattaches() {
        return true;
    }

    @Override
    public TrainingOutcome run(Job job, Path taskDir, Consumer<ProgressUpdate> progress) throws InterruptedException {
        Optional<String> misconfigured = checkOptions();
        if (misconfigured.isPresent()) {
            return failed(FailureCategory.CONFIGURATION, misconfigured.get(), false);
        }
        GeneratedProject project;
        try {
            project = GeneratedProject.in(taskDir, job.request().version());
        } catch (IllegalArgumentException e) {
            return failed(FailureCategory.CONFIGURATION, e.getMessage(), false);
        }
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(options.acceptUnknownHosts() ? AcceptAllServerKeyVerifier.INSTANCE
                : new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, options.knownHosts()));
        client.start();
        try {
            ClientSession session;
            try {
                session = client.connect(options.user(), options.host(), options.port())
                        .verify(options.connectTimeout()).getSession();
            } catch (IOException e) {
                return failed(FailureCategory.INFRASTRUCTURE, "Cannot reach the ssh host " + where() + ": "
                        + e.getMessage() + ". Check that the server is up and FTCOACH_SSH_HOST / FTCOACH_SSH_PORT "
                        + "name it", true);
            }
            try (Closeable closing = () -> session.close(true)) {
                try {
                    authenticate(session);
                } catch (IOException | IllegalArgumentException e) {
                    return failed(FailureCategory.CONFIGURATION, "The ssh host " + where() + " did not accept user '"
                            + options.user() + "': " + e.getMessage() + ". Check FTCOACH_SSH_USER and the key "
                            + "(FTCOACH_SSH_KEY_FILE) or password (FTCOACH_SSH_PASSWORD), and that the server's key is "
                            + "in " + options.knownHosts() + " (or set ftcoach.training-dispatcher.ssh."
                            + "accept-unknown-hosts)", false);
                }
                try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
                    return new RemoteRun(job, project, client, session, sftp, progress).run();
                }
            } catch (IOException | UncheckedIOException e) {
                if (interruption(e)) {
                    throw new InterruptedException("ssh run stopped");
                }
                return failed(FailureCategory.INFRASTRUCTURE, "Lost the connection to the ssh host " + where()
                        + " while running job " + job.id() + ": " + e.getMessage() + ". A retry re-attaches to the "
                        + "remote run if it is still going, or resumes from its last checkpoint", true);
            }
        } finally {
            client.stop();
        }
    }

    private Optional<String> checkOptions() {
        if (isBlank(options.host())) {
            return Optional.of("The ssh backend has no host: set FTCOACH_SSH_HOST (and FTCOACH_SSH_USER, "
                    + "FTCOACH_SSH_KEY_FILE or FTCOACH_SSH_PASSWORD) to the GPU server, or choose another backend");
        }
        if (isBlank(options.user())) {
            return Optional.of("The ssh backend has no user for " + options.host() + ": set FTCOACH_SSH_USER");
        }
        if (isBlank(options.keyFile()) && isBlank(options.password())) {
            return Optional.of("The ssh backend has no credentials for " + options.user() + "@" + options.host()
                    + ": set FTCOACH_SSH_KEY_FILE to a private key file or FTCOACH_SSH_PASSWORD");
        }
        if (!isBlank(options.keyFile()) && !Files.isReadable(Path.of(options.keyFile()))) {
            return Optional.of("The ssh key file " + options.keyFile() + " (FTCOACH_SSH_KEY_FILE) cannot be read; "
                    + "point it at the private key for " + options.user() + "@" + options.host());
        }
        if (!SAFE_WORD.matcher(options.python()).matches() || !SAFE_WORD.matcher(options.remoteDir()).matches()) {
            return Optional.of("ftcoach.training-dispatcher.ssh.python and remote-dir must be plain paths "
                    + "(letters, digits, _ . / + -), were '" + options.python() + "' and '" + options.remoteDir() + "'");
        }
        return Optional.empty();
    }

    private void authenticate(ClientSession session) throws IOException {
        if (!isBlank(options.keyFile())) {
            session.setKeyIdentityProvider(new FileKeyPairProvider(Path.of(options.keyFile())));
        }
        if (!isBlank(options.password())) {
            session.addPasswordIdentity(options.password());
        }
        session.auth().verify(options.connectTimeout());
    }

    private String where() {
        return options.host() + ":" + options.port();
    }

    /** One job's run on the server, over one session. */
    private final class RemoteRun {
        private final Job job;
        private final GeneratedProject project;
        private final SshClient client;
        private final ClientSession session;
        private final SftpClient sftp;
        private final ProgressThrottle throttle;
        private final String dir;
        private final String runFile;
        private final LogTail tail = new LogTail(TAIL_LINES);
        private final Map<String, Double> metrics = new LinkedHashMap<>();
        private long logOffset;
        private final StringBuilder partialLine = new StringBuilder();

        RemoteRun(Job job, GeneratedProject project, SshClient client, ClientSession session, SftpClient sftp,
                  Consumer<ProgressUpdate> progress) {
            this.client = client;
            this.job = job;
            this.project = project;
            this.session = session;
            this.sftp = sftp;
            this.throttle = new ProgressThrottle(progress, options.progressInterval(), System::nanoTime);
            this.dir = options.remoteDir() + "/" + job.request().taskId();
            this.runFile = ".ftcoach/" + job.id();
        }

        /**
         * Every ssh call runs on the {@link #io} thread while the job's worker thread waits: a cancel's interrupt then
         * always reaches the worker (MINA may swallow an interrupt that lands inside one of its calls), and the call
         * in flight finishes before the remote run is stopped.
         */
        TrainingOutcome run() throws IOException, InterruptedException {
            ExecutorService io = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ssh-io-" + job.id());
                t.setDaemon(true);
                return t;
            });
            try {
                return run(io);
            } finally {
                io.shutdownNow();
            }
        }

        private TrainingOutcome run(ExecutorService io) throws IOException, InterruptedException {
            long started = System.nanoTime();
            long deadline = job.request().timeLimitSeconds() == null ? Long.MAX_VALUE
                    : started + TimeUnit.SECONDS.toNanos(job.request().timeLimitSeconds());
            Long[] pid = {null};
            try {
                io(io, () -> {
                    Optional<Long> running = earlierRun();
                    if (running.isPresent()) {
                        pid[0] = running.get();
                        note("Re-attaching to the remote run (pid " + pid[0] + ") on " + where() + ":" + dir);
                    } else {
                        upload();
                        pid[0] = launch();
                    }
                    return null;
                });
                while (true) {
                    Optional<TrainingOutcome> outcome = io(io, () -> poll(pid[0], started, deadline));
                    if (outcome.isPresent()) {
                        return outcome.get();
                    }
                    Thread.sleep(options.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                if (pid[0] != null) {
                    note("Stopping the remote run (process group " + pid[0] + ") on " + where());
                    kill(pid[0]);
                }
                throw e;
            }
        }

        /** One look at the remote run: its new log lines, then how it ended, if it has. */
        private Optional<TrainingOutcome> poll(long pid, long started, long deadline) throws IOException {
            readLog();
            Optional<String> exit = readRemote(runFile + ".exit");
            if (exit.isPresent()) {
                readLog();
                throttle.flush();
                return Optional.of(finished(exit.get().strip(), started));
            }
            if (!alive(pid)) {
                if (readRemote(runFile + ".exit").isPresent()) {
                    return Optional.empty();
                }
                readLog();
                return Optional.of(new TrainingOutcome.Failed(new JobFailure(FailureCategory.INFRASTRUCTURE, "The "
                        + "remote run (pid " + pid + ") on " + where() + " ended without an exit status: it was "
                        + "killed or the server restarted. A retry resumes from its last checkpoint", tail.text(),
                        true)));
            }
            if (System.nanoTime() > deadline) {
                note("Time limit of " + job.request().timeLimitSeconds() + " s reached; stopping the remote run");
                kill(pid);
                return Optional.of(new TrainingOutcome.Failed(new JobFailure(FailureCategory.TIMEOUT, "The run on "
                        + where() + " was stopped after the time limit of " + job.request().timeLimitSeconds()
                        + " s; raise the request's timeLimitSeconds or train fewer epochs (a re-run resumes from the "
                        + "last checkpoint)", tail.text(), false)));
            }
            return Optional.empty();
        }

        /** Runs an ssh call on the io thread; on an interrupt, lets the call in flight end before answering it. */
        private <T> T io(ExecutorService io, Callable<T> call) throws IOException, InterruptedException {
            Future<T> future = io.submit(call);
            try {
                return future.get();
            } catch (InterruptedException e) {
                try {
                    future.get(options.connectTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException | InterruptedException | CancellationException ignored) {
                    // stopping anyway
                }
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io1) {
                    throw io1;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException(cause);
            }
        }

        /**
         * The pid of this job's earlier run on the server (before a lost connection or a dispatcher restart) when it
         * is still going or has ended with an exit status: its results are collected rather than run again.
         */
        private Optional<Long> earlierRun() throws IOException {
            Optional<String> pid = readRemote(runFile + ".pid");
            if (pid.isEmpty()) {
                return Optional.empty();
            }
            long value;
            try {
                value = Long.parseLong(pid.get().strip());
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            return readRemote(runFile + ".exit").isPresent() || alive(value) ? Optional.of(value) : Optional.empty();
        }

        private void upload() throws IOException {
            note("Uploading " + String.join(", ", GeneratedProject.UPLOADED) + " to " + where() + ":" + dir);
            mkdirs(dir + "/.ftcoach");
            for (String name : GeneratedProject.UPLOADED) {
                Path local = project.taskDir().resolve(name);
                if (!Files.exists(local)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(local)) {
                    for (Path file : files.sorted().toList()) {
                        String remote = dir + "/" + project.taskDir().relativize(file).toString().replace('\\', '/');
                        if (Files.isDirectory(file)) {
                            mkdirs(remote);
                        } else {
                            try (OutputStream out = sftp.write(remote)) {
                                Files.copy(file, out);
                            }
                        }
                    }
                }
            }
        }

        private long launch() throws IOException {
            Optional<String> checkpoint = Optional.empty();
            if (job.attempt() > 1 || job.request().resumeFromCheckpoint()) {
                checkpoint = project.latestCheckpoint(list(dir + "/" + project.adapterDir()));
                checkpoint.ifPresent(c -> note("Resuming from " + c + " on " + where()));
            }
            String py = options.python();
            String script = "#!/bin/sh\n"
                    + "# written by the training dispatcher for job " + job.id() + "\n"
                    + "export PYTHONUNBUFFERED=1\n"
                    + py + " " + String.join(" ", project.trainArguments(checkpoint.orElse(null))) + "\n"
                    + "code=$?\n"
                    + "if [ $code -ne 0 ]; then echo \"" + GeneratedProject.TRAIN_SCRIPT + " $code\" > "
                    + runFile + ".exit.tmp; mv " + runFile + ".exit.tmp " + runFile + ".exit; exit $code; fi\n"
                    + py + " " + String.join(" ", project.evaluateArguments()) + "\n"
                    + "echo \"" + GeneratedProject.EVALUATE_SCRIPT + " $?\" > " + runFile + ".exit.tmp\n"
                    + "mv " + runFile + ".exit.tmp " + runFile + ".exit\n";
            try (OutputStream out = sftp.write(dir + "/" + runFile + ".sh")) {
                out.write(script.getBytes(StandardCharsets.UTF_8));
            }
            String command = "cd " + dir + " && rm -f " + runFile + ".exit " + runFile + ".log && "
                    + "(setsid nohup sh " + runFile + ".sh > " + runFile + ".log 2>&1 < /dev/null & echo $! > "
                    + runFile + ".pid) && cat " + runFile + ".pid";
            String pid = session.executeRemoteCommand(command).strip();
            note("Started the run on " + where() + ":" + dir + " (pid " + pid + "): " + py + " "
                    + String.join(" ", project.trainArguments(checkpoint.orElse(null))) + ", then "
                    + GeneratedProject.EVALUATE_SCRIPT);
            try {
                return Long.parseLong(pid);
            } catch (NumberFormatException e) {
                throw new IOException("the server answered '" + pid + "' instead of the run's process id");
            }
        }

        private TrainingOutcome finished(String exit, long started) throws IOException {
            String[] parts = exit.split(" ");
            int code;
            try {
                code = Integer.parseInt(parts[parts.length - 1]);
            } catch (NumberFormatException e) {
                throw new IOException("the run's exit file holds '" + exit + "', not a script and exit code");
            }
            if (code != 0) {
                return new TrainingOutcome.Failed(GeneratedProject.scriptFailed(parts[0], code, "on " + where(),
                        tail.text()));
            }
            download();
            Map<String, Double> all = new LinkedHashMap<>(metrics);
            all.putIfAbsent("train_runtime", (System.nanoTime() - started) / 1e9);
            return project.outcome(NAME, all);
        }

        /** models/adapter/<v> (without checkpoints) into place at once, then each prediction file atomically. */
        private void download() throws IOException {
            String adapter = project.adapterDir();
            Path target = project.taskDir().resolve(adapter);
            if (exists(dir + "/" + adapter)) {
                Path staging = target.resolveSibling("." + target.getFileName() + ".download-" + job.id());
                deleteTree(staging);
                downloadTree(dir + "/" + adapter, staging);
                deleteTree(target);
                Files.createDirectories(target.getParent());
                Files.move(staging, target);
                note("Downloaded " + adapter + " from " + where());
            }
            for (String split : List.of("test", "valid")) {
                String predictions = io.ftcoach.dispatcher.domain.evaluation.EvaluationFiles
                        .predictionsPath(project.version(), split);
                Optional<byte[]> bytes = readRemoteBytes(dir + "/" + predictions);
                if (bytes.isPresent()) {
                    io.ftcoach.support.workspace.AtomicFiles.write(project.taskDir().resolve(predictions), bytes.get());
                    note("Downloaded " + predictions + " from " + where());
                }
            }
        }

        private void downloadTree(String remote, Path local) throws IOException {
            Files.createDirectories(local);
            for (SftpClient.DirEntry entry : sftp.readDir(remote)) {
                String name = entry.getFilename();
                if (name.equals(".") || name.equals("..") || name.startsWith("checkpoint-")) {
                    continue;
                }
                if (entry.getAttributes().isDirectory()) {
                    downloadTree(remote + "/" + name, local.resolve(name));
                } else {
                    try (OutputStream out = Files.newOutputStream(local.resolve(name))) {
                        readInto(remote + "/" + name, 0, out);
                    }
                }
            }
        }

        /** New complete lines of the remote log into the job log, the tail and the progress. */
        private void readLog() throws IOException {
            String path = dir + "/" + runFile + ".log";
            if (!exists(path)) {
                return;
            }
            ByteArrayOutputStream fresh = new ByteArrayOutputStream();
            logOffset += readInto(path, logOffset, fresh);
            partialLine.append(fresh.toString(StandardCharsets.UTF_8));
            int end;
            while ((end = partialLine.indexOf("\n")) >= 0) {
                String line = partialLine.substring(0, end);
                partialLine.delete(0, end + 1);
                tail.add(line);
                note(line);
                ProgressLines.progress(line).ifPresent(update -> {
                    ProgressLines.record(update, metrics);
                    throttle.accept(update);
                });
                metrics.putAll(ProgressLines.metrics(line));
            }
        }

        /** Reads a remote file from {@code offset} to its end by explicit offsets; answers the bytes read. */
        private long readInto(String path, long offset, OutputStream out) throws IOException {
            long read = 0;
            try (SftpClient.CloseableHandle handle = sftp.open(path, SftpClient.OpenMode.Read)) {
                byte[] buffer = new byte[32 * 1024];
                for (int n; (n = sftp.read(handle, offset + read, buffer, 0, buffer.length)) > 0; ) {
                    out.write(buffer, 0, n);
                    read += n;
                }
            }
            return read;
        }

        private boolean alive(long pid) throws IOException {
            return session.executeRemoteCommand("kill -0 " + pid + " 2>/dev/null && echo alive || echo gone")
                    .strip().equals("alive");
        }

        /**
         * Stops the remote process group over a fresh session: the run's own session may have been broken by the
         * interrupt that asked for the stop.
         */
        private void kill(long pid) {
            // "-<pid>": the whole process group setsid made; "--" is not understood by every sh (dash)
            String command = "kill -TERM -" + pid + " 2>/dev/null || kill -TERM " + pid + " 2>/dev/null; echo stopped";
            try {
                ClientSession fresh = client.connect(options.user(), options.host(), options.port())
                        .verify(options.connectTimeout()).getSession();
                try (Closeable closing = () -> fresh.close(true)) {
                    authenticate(fresh);
                    fresh.executeRemoteCommand(command);
                }
            } catch (IOException e) {
                note("Could not stop the remote run (pid " + pid + ") on " + where() + ": " + e.getMessage()
                        + "; stop it by hand: ssh " + options.user() + "@" + options.host() + " kill -TERM -" + pid);
            }
        }

        private Optional<String> readRemote(String relative) throws IOException {
            return readRemoteBytes(dir + "/" + relative).map(b -> new String(b, StandardCharsets.UTF_8));
        }

        private Optional<byte[]> readRemoteBytes(String path) throws IOException {
            if (!exists(path)) {
                return Optional.empty();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            readInto(path, 0, out);
            return Optional.of(out.toByteArray());
        }

        private boolean exists(String path) throws IOException {
            try {
                sftp.stat(path);
                return true;
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    return false;
                }
                throw e;
            }
        }

        private List<String> list(String path) throws IOException {
            List<String> names = new ArrayList<>();
            if (exists(path)) {
                for (SftpClient.DirEntry entry : sftp.readDir(path)) {
                    names.add(entry.getFilename());
                }
            }
            return names;
        }

        private void mkdirs(String path) throws IOException {
            StringBuilder at = new StringBuilder(path.startsWith("/") ? "/" : "");
            for (String part : path.split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                at.append(part);
                if (!exists(at.toString())) {
                    sftp.mkdir(at.toString());
                }
                at.append('/');
            }
        }

        private void note(String line) {
            if (jobLog != null) {
                jobLog.append(job.id(), clock.instant(), line);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** True when an ssh call failed because the thread was interrupted (a cancel); clears the interrupt. */
    private static boolean interruption(Throwable e) {
        boolean interrupted = Thread.interrupted();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static TrainingOutcome failed(FailureCategory category, String reason, boolean retryable) {
        return new TrainingOutcome.Failed(new JobFailure(category, reason, "", retryable));
    }
}
