package io.ftcoach.dispatcher.domain.ssh;

import io.ftcoach.dispatcher.domain.FailureCategory;
import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobArtifact;
import io.ftcoach.dispatcher.domain.JobFailure;
import io.ftcoach.dispatcher.domain.JobLog;
import io.ftcoach.dispatcher.domain.ProgressUpdate;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.project.StandInProject;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static io.ftcoach.dispatcher.domain.project.StandInProject.EVALUATES_WELL;
import static io.ftcoach.dispatcher.domain.project.StandInProject.TRAINS_WELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The ssh backend against an in-process Apache MINA SSHD server on localhost: password and public-key
 * authentication, SFTP, and commands run by {@code /bin/sh -c} as a real sshd does, so the detached run, its pid
 * file, the log polling and the remote kill all happen for real (the "remote" machine is this one).
 */
class SshBackendTest {

    private static final String USER = "trainer";
    private static final String PASSWORD = "s3cret-pass";

    @TempDir
    Path root;

    private SshServer server;
    private KeyPair clientKey;
    private Path remote;
    private Path local;
    private final List<ProgressUpdate> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        remote = Files.createDirectories(root.resolve("gpu-server/jobs"));
        local = Files.createDirectories(root.resolve("workspace"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        clientKey = generator.generateKeyPair();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolve("host-key.ser")));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && KeyUtils.compareKeys(key, clientKey.getPublic()));
        server.setCommandFactory((channel, command) ->
                new ProcessShellFactory(command, "/bin/sh", "-c", command).createShell(channel));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(NativeFileSystemFactory.INSTANCE);
        server.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop(true);
    }

    private SshBackend backend(String keyFile, String password, int port) {
        return new SshBackend(new SshBackend.Options("127.0.0.1", port, USER, keyFile, password,
                root.resolve("known_hosts"), true, remote.toString(), "python3", Duration.ofMillis(100),
                Duration.ofHours(1), Duration.ofSeconds(10)), new JobLog(root.resolve("logs")), Clock.systemUTC());
    }

    private SshBackend withPassword() {
        return backend(null, PASSWORD, server.getPort());
    }

    @Test
    void uploadsRunsDetachedPollsAndDownloadsTheResults() throws Exception {
        Path task = StandInProject.create(local, TRAINS_WELL + """
                os.makedirs("models/adapter/v2/checkpoint-30", exist_ok=True)
                with open("models/adapter/v2/checkpoint-30/optimizer.pt", "w") as f:
                    f.write("big")
                """, EVALUATES_WELL);
        Job job = StandInProject.job(600L, false);

        TrainingOutcome outcome = withPassword().run(job, task, progress::add);

        assertThat(outcome).isInstanceOf(TrainingOutcome.Succeeded.class);
        TrainingOutcome.Succeeded done = (TrainingOutcome.Succeeded) outcome;
        assertThat(done.artifacts()).extracting(JobArtifact::kind, JobArtifact::path).containsExactly(
                tuple("adapter", "models/adapter/v2"), tuple("predictions", "benchmarks/predictions/v2_test.jsonl"));
        assertThat(done.metrics()).containsEntry("train_loss", 0.04).containsEntry("eval_loss", 0.5)
                .containsEntry("train_runtime", 12.5);
        assertThat(progress).extracting(ProgressUpdate::step).containsExactly(10L, 20L, 30L);
        // the results came back; checkpoints stay on the server
        assertThat(task.resolve("models/adapter/v2/adapter_config.json")).hasContent("{\"r\": 32}");
        assertThat(task.resolve("models/adapter/v2/checkpoint-30")).doesNotExist();
        assertThat(Files.readString(task.resolve("benchmarks/predictions/v2_test.jsonl"))).contains("很好吃");
        Path remoteTask = remote.resolve(StandInProject.TASK);
        assertThat(remoteTask.resolve("configs/training_config.yaml")).exists();
        assertThat(remoteTask.resolve("data/train.jsonl")).exists();
        assertThat(remoteTask.resolve(".ftcoach/" + job.id() + ".pid")).exists();
        assertThat(remoteTask.resolve(".ftcoach/" + job.id() + ".exit")).hasContent("scripts/05_evaluate.py 0\n");
        assertThat(Files.readString(remoteTask.resolve("train_args.txt"))).isEqualTo("--version v2");
        assertThat(new JobLog(root.resolve("logs")).read(job.id()))
                .contains("Loading base model", "macro_f1 0.67", "Downloaded models/adapter/v2")
                .doesNotContain(PASSWORD);
    }

    @Test
    void authenticatesWithAKeyFile() throws Exception {
        Path key = root.resolve("id_ecdsa");
        try (OutputStream out = Files.newOutputStream(key)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "trainer@dispatcher", null, out);
        }
        Path task = StandInProject.create(local, TRAINS_WELL, EVALUATES_WELL);

        TrainingOutcome outcome = backend(key.toString(), null, server.getPort())
                .run(StandInProject.job(600L, false), task, progress::add);

        assertThat(outcome).isInstanceOf(TrainingOutcome.Succeeded.class);
    }

    @Test
    void resumesFromTheServersNewestCheckpointOnARetry() throws Exception {
        Path task = StandInProject.create(local, TRAINS_WELL, EVALUATES_WELL);
        Files.createDirectories(remote.resolve(StandInProject.TASK + "/models/adapter/v2/checkpoint-20"));
        Files.createDirectories(remote.resolve(StandInProject.TASK + "/models/adapter/v2/checkpoint-100"));

        withPassword().run(StandInProject.retried(StandInProject.job(600L, false)), task, progress::add);

        assertThat(Files.readString(remote.resolve(StandInProject.TASK + "/train_args.txt")))
                .isEqualTo("--version v2 --resume_from_checkpoint models/adapter/v2/checkpoint-100");
    }

    @Test
    void aFailingScriptFailsTheJobWithTheRemoteLogTail() throws Exception {
        String broken = """
                import sys
                print("Traceback (most recent call last):", flush=True)
                print("torch.OutOfMemoryError: CUDA out of memory.", flush=True)
                sys.exit(1)
                """;
        Path task = StandInProject.create(local, broken, EVALUATES_WELL);

        JobFailure failure = ((TrainingOutcome.Failed) withPassword()
                .run(StandInProject.job(600L, false), task, progress::add)).failure();

        assertThat(failure.category()).isEqualTo(FailureCategory.OUT_OF_MEMORY);
        assertThat(failure.reason()).startsWith("scripts/04_train.py exited with code 1 on 127.0.0.1:");
        assertThat(failure.logTail()).contains("CUDA out of memory");
        assertThat(task.resolve("benchmarks")).doesNotExist();
        assertThat(task.resolve("models")).doesNotExist();
    }

    @Test
    void aWrongPasswordIsAConfigurationErrorNamingTheVariables() throws Exception {
        Path task = StandInProject.create(local, TRAINS_WELL, EVALUATES_WELL);

        JobFailure failure = ((TrainingOutcome.Failed) backend(null, "wrong", server.getPort())
                .run(StandInProject.job(600L, false), task, progress::add)).failure();

        assertThat(failure.category()).isEqualTo(FailureCategory.CONFIGURATION);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.reason()).contains("did not accept user 'trainer'", "FTCOACH_SSH_PASSWORD")
                .doesNotContain("wrong");
    }

    @Test
    void anUnreachableHostIsARetryableInfrastructureFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path task = StandInProject.create(local, TRAINS_WELL, EVALUATES_WELL);

        JobFailure failure = ((TrainingOutcome.Failed) backend(null, PASSWORD, closedPort)
                .run(StandInProject.job(600L, false), task, progress::add)).failure();

        assertThat(failure.category()).isEqualTo(FailureCategory.INFRASTRUCTURE);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.reason()).contains("Cannot reach the ssh host 127.0.0.1:" + closedPort, "FTCOACH_SSH_HOST");
    }

    @Test
    void missingHostOrCredentialsSayWhichVariableToSet() throws Exception {
        Path task = StandInProject.create(local, TRAINS_WELL, EVALUATES_WELL);
        SshBackend noCredentials = backend(null, "", server.getPort());
        SshBackend noHost = new SshBackend(new SshBackend.Options("", 22, "", null, null, root.resolve("known_hosts"),
                false, "ftcoach-jobs", "python3", Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(10)), null, Clock.systemUTC());

        JobFailure credentials = ((TrainingOutcome.Failed) noCredentials
                .run(StandInProject.job(600L, false), task, progress::add)).failure();
        JobFailure host = ((TrainingOutcome.Failed) noHost
                .run(StandInProject.job(600L, false), task, progress::add)).failure();

        assertThat(credentials.category()).isEqualTo(FailureCategory.CONFIGURATION);
        assertThat(credentials.reason()).contains("FTCOACH_SSH_KEY_FILE", "FTCOACH_SSH_PASSWORD");
        assertThat(host.reason()).startsWith("The ssh backend has no host: set FTCOACH_SSH_HOST");
        assertThat(noHost.location()).isNull();
        assertThat(noCredentials.location()).isEqualTo("trainer@127.0.0.1:" + server.getPort());
    }

    @Test
    void cancellingKillsTheRemoteProcessGroup() throws Exception {
        String forks = """
                import os, subprocess, sys, time
                child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
                with open("child.pid.tmp", "w") as f:
                    f.write(str(child.pid))
                os.rename("child.pid.tmp", "child.pid")
                print("waiting", flush=True)
                time.sleep(120)
                """;
        Path task = StandInProject.create(local, forks, EVALUATES_WELL);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                withPassword().run(StandInProject.job(600L, false), task, progress::add);
                ended.set(new AssertionError("the run returned instead of stopping"));
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        worker.start();
        Path pidFile = remote.resolve(StandInProject.TASK + "/child.pid");
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(pidFile) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        long childPid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive)).contains(true);

        worker.interrupt();
        worker.join(30_000);

        assertThat(ended.get()).as(() -> "the run still going at " + java.util.Arrays.toString(worker.getStackTrace()))
                .isInstanceOf(InterruptedException.class);
        until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void reattachesToARunThatIsStillGoing() throws Exception {
        Path task = StandInProject.create(local, TRAINS_WELL, EVALUATES_WELL);
        Job job = StandInProject.job(600L, false);
        // a run the dispatcher started before it restarted: still alive, it finishes a moment later
        Path remoteTask = Files.createDirectories(remote.resolve(StandInProject.TASK + "/.ftcoach")).getParent();
        Files.createDirectories(remoteTask.resolve("benchmarks/predictions"));
        Files.writeString(remoteTask.resolve("benchmarks/predictions/v2_test.jsonl"),
                "{\"input\":\"好\",\"gold\":\"positive\",\"predicted\":\"positive\",\"raw_output\":\"positive\"}\n");
        String run = ".ftcoach/" + job.id();
        Process earlier = new ProcessBuilder("sh", "-c", "sleep 1; echo '{\"step\": 30, \"epoch\": 3, \"loss\": 0.2, "
                + "\"percent\": 100}' >> " + run + ".log; echo 'scripts/05_evaluate.py 0' > " + run + ".exit")
                .directory(remoteTask.toFile()).start();
        Files.writeString(remoteTask.resolve(run + ".pid"), earlier.pid() + "\n");

        TrainingOutcome outcome = withPassword().run(job, task, progress::add);

        assertThat(outcome).isInstanceOf(TrainingOutcome.Succeeded.class);
        assertThat(((TrainingOutcome.Succeeded) outcome).metrics()).containsEntry("train_loss", 0.2);
        assertThat(progress).extracting(ProgressUpdate::step).containsExactly(30L);
        assertThat(remoteTask.resolve("scripts")).doesNotExist(); // nothing uploaded, nothing started again
        assertThat(new JobLog(root.resolve("logs")).read(job.id())).contains("Re-attaching to the remote run (pid "
                + earlier.pid() + ")");
        assertThat(task.resolve("benchmarks/predictions/v2_test.jsonl")).exists();
    }

    @Test
    void collectsARunThatEndedWhileNobodyWatched() throws Exception {
        Path task = StandInProject.create(local, TRAINS_WELL, EVALUATES_WELL);
        Job job = StandInProject.job(600L, false);
        Path remoteTask = Files.createDirectories(remote.resolve(StandInProject.TASK + "/.ftcoach")).getParent();
        Files.createDirectories(remoteTask.resolve("benchmarks/predictions"));
        Files.createDirectories(remoteTask.resolve("models/adapter/v2"));
        Files.writeString(remoteTask.resolve("models/adapter/v2/adapter_model.safetensors"), "weights");
        Files.writeString(remoteTask.resolve("benchmarks/predictions/v2_test.jsonl"),
                "{\"input\":\"好\",\"gold\":\"positive\",\"predicted\":\"positive\",\"raw_output\":\"positive\"}\n");
        String run = ".ftcoach/" + job.id();
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Files.writeString(remoteTask.resolve(run + ".pid"), finished.pid() + "\n");
        Files.writeString(remoteTask.resolve(run + ".log"), "done\n");
        Files.writeString(remoteTask.resolve(run + ".exit"), "scripts/05_evaluate.py 0\n");

        TrainingOutcome outcome = withPassword().run(job, task, progress::add);

        assertThat(outcome).isInstanceOf(TrainingOutcome.Succeeded.class);
        assertThat(remoteTask.resolve("scripts")).doesNotExist(); // collected, not run again
        assertThat(task.resolve("models/adapter/v2/adapter_model.safetensors")).hasContent("weights");
        assertThat(new SshBackend(null, null, Clock.systemUTC()).reattaches()).isTrue();
    }
}
