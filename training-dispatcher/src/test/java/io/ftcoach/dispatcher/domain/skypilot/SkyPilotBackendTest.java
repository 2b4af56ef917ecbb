package io.ftcoach.dispatcher.domain.skypilot;

import io.ftcoach.dispatcher.domain.FailureCategory;
import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobArtifact;
import io.ftcoach.dispatcher.domain.JobFailure;
import io.ftcoach.dispatcher.domain.JobLog;
import io.ftcoach.dispatcher.domain.ProgressUpdate;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.project.StandInProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * The skypilot backend driving a stand-in {@code sky} executable (src/test/resources/skypilot/sky, a Python script
 * that records its arguments, answers as SkyPilot does and plays the cluster on this machine), also called as
 * {@code rsync} to fetch the results.
 */
class SkyPilotBackendTest {

    @TempDir
    Path root;

    private Path bin;
    private final List<ProgressUpdate> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void installStandIn() throws Exception {
        bin = Files.createDirectories(root.resolve("bin"));
        try (InputStream in = getClass().getResourceAsStream("/skypilot/sky")) {
            Files.copy(in, bin.resolve("sky"));
        }
        Files.setPosixFilePermissions(bin.resolve("sky"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(bin.resolve("rsync"), bin.resolve("sky"));
    }

    private SkyPilotBackend backend(String sky) {
        return new SkyPilotBackend(new SkyPilotBackend.Options(sky, bin.resolve("rsync").toString(), "A10G:1", "aws",
                "pip install -r requirements.txt", "python3", Duration.ofMillis(100), Duration.ofHours(1),
                Duration.ofSeconds(60), true), new JobLog(root.resolve("logs")), Clock.systemUTC());
    }

    private SkyPilotBackend backend() {
        return backend(bin.resolve("sky").toString());
    }

    private List<String> calls() throws Exception {
        return Files.readAllLines(bin.resolve("calls.log"));
    }

    @Test
    void launchesPollsStreamsFetchesAndTearsDown() throws Exception {
        Path task = StandInProject.create(root.resolve("workspace"), TRAINS_WELL, EVALUATES_WELL);
        Job job = StandInProject.job(600L, false);
        String cluster = SkyPilotBackend.cluster(job);

        TrainingOutcome outcome = backend().run(job, task, progress::add);

        assertThat(outcome).isInstanceOf(TrainingOutcome.Succeeded.class);
        TrainingOutcome.Succeeded done = (TrainingOutcome.Succeeded) outcome;
        assertThat(done.artifacts()).extracting(JobArtifact::kind, JobArtifact::path).containsExactly(
                tuple("adapter", "models/adapter/v2"), tuple("predictions", "benchmarks/predictions/v2_test.jsonl"));
        assertThat(done.metrics()).containsEntry("train_loss", 0.04).containsEntry("eval_loss", 0.5);
        assertThat(progress).extracting(ProgressUpdate::step).containsExactly(10L, 20L, 30L);
        assertThat(task.resolve("models/adapter/v2/adapter_config.json")).hasContent("{\"r\": 32}");
        assertThat(Files.readString(task.resolve("benchmarks/predictions/v2_test.jsonl"))).contains("很好吃");
        String taskFile = ".ftcoach/skypilot/" + job.id() + ".yaml";
        List<String> calls = calls();
        assertThat(calls.get(0)).isEqualTo("sky launch -c " + cluster + " -y --detach-run " + taskFile);
        assertThat(calls).contains("sky queue " + cluster, "sky logs " + cluster + " 1 --no-follow",
                "rsync -a --exclude checkpoint-* " + cluster + ":~/sky_workdir/models/adapter/v2/ "
                        + task.resolve(".ftcoach/skypilot/" + job.id() + "-results/adapter") + "/");
        assertThat(calls.get(calls.size() - 1)).isEqualTo("sky down -y " + cluster);
        assertThat(calls).noneMatch(c -> c.startsWith("sky cancel"));
        // the task file SkyPilot got
        JsonNode yaml = new YAMLMapper().readTree(task.resolve(taskFile).toFile());
        assertThat(yaml.path("resources").path("accelerators").asString()).isEqualTo("A10G:1");
        assertThat(yaml.path("resources").path("cloud").asString()).isEqualTo("aws");
        assertThat(yaml.path("workdir").asString()).isEqualTo(task.toAbsolutePath().toString());
        assertThat(yaml.path("setup").asString()).isEqualTo("pip install -r requirements.txt\n");
        assertThat(yaml.path("run").asString()).isEqualTo("python3 -u scripts/04_train.py --version v2 && \\\n"
                + "python3 -u scripts/05_evaluate.py --version v2\n");
        assertThat(new JobLog(root.resolve("logs")).read(job.id()))
                .contains("SkyPilot job 1 submitted on cluster " + cluster, "Loading base model Qwen/Qwen3-0.6B")
                .doesNotContain("(task, pid=");
        assertThat(task.resolve(".ftcoach/skypilot/" + job.id() + "-results")).doesNotExist();
    }

    @Test
    void aResumedRunPassesTheCheckpointAndAnyCloudIsLeftOut() throws Exception {
        Path task = StandInProject.create(root.resolve("workspace"), TRAINS_WELL, EVALUATES_WELL);
        Files.createDirectories(task.resolve("models/adapter/v2/checkpoint-40"));
        SkyPilotBackend anyCloud = new SkyPilotBackend(new SkyPilotBackend.Options(bin.resolve("sky").toString(),
                "rsync", "H100:8", "", "pip install -r requirements.txt", "python3", Duration.ofMillis(100),
                Duration.ofHours(1), Duration.ofSeconds(60), true), null, Clock.systemUTC());
        Job job = StandInProject.job(600L, true);

        String yaml = anyCloud.taskYaml(job, io.ftcoach.dispatcher.domain.project.GeneratedProject.in(task, "v2"),
                "models/adapter/v2/checkpoint-40");

        JsonNode node = new YAMLMapper().readTree(yaml);
        assertThat(node.path("resources").has("cloud")).isFalse();
        assertThat(node.path("resources").path("accelerators").asString()).isEqualTo("H100:8");
        assertThat(node.path("run").asString()).startsWith("python3 -u scripts/04_train.py --version v2 "
                + "--resume_from_checkpoint models/adapter/v2/checkpoint-40 && ");
        assertThat(anyCloud.location()).isEqualTo("SkyPilot H100:8 on any cloud");
    }

    @Test
    void aFailedJobFailsWithItsLogTailAndTheClusterIsTornDown() throws Exception {
        String broken = """
                import sys
                print("ModuleNotFoundError: No module named 'trl'", flush=True)
                sys.exit(1)
                """;
        Path task = StandInProject.create(root.resolve("workspace"), broken, EVALUATES_WELL);
        Job job = StandInProject.job(600L, false);

        JobFailure failure = ((TrainingOutcome.Failed) backend().run(job, task, progress::add)).failure();

        assertThat(failure.category()).isEqualTo(FailureCategory.CONFIGURATION);
        assertThat(failure.reason()).startsWith("SkyPilot job 1 on cluster " + SkyPilotBackend.cluster(job)
                + " ended FAILED: Python module 'trl' is not installed");
        assertThat(failure.logTail()).isEqualTo("ModuleNotFoundError: No module named 'trl'");
        assertThat(calls().get(calls().size() - 1)).isEqualTo("sky down -y " + SkyPilotBackend.cluster(job));
        assertThat(task.resolve("benchmarks")).doesNotExist();
    }

    @Test
    void aLaunchWithoutCapacityIsARetryableInfrastructureFailure() throws Exception {
        Files.writeString(bin.resolve("launch_fails"), "sky.exceptions.ResourcesUnavailableError: Failed to acquire "
                + "resources in all zones in us-east-1 for {AWS(g5.xlarge)}.");
        Path task = StandInProject.create(root.resolve("workspace"), TRAINS_WELL, EVALUATES_WELL);

        JobFailure failure = ((TrainingOutcome.Failed) backend()
                .run(StandInProject.job(600L, false), task, progress::add)).failure();

        assertThat(failure.category()).isEqualTo(FailureCategory.INFRASTRUCTURE);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.reason()).contains("sky launch of cluster", "failed with exit code 1", "no capacity");
        assertThat(failure.logTail()).contains("ResourcesUnavailableError");
    }

    @Test
    void missingCloudCredentialsSayToRunSkyCheck() throws Exception {
        Files.writeString(bin.resolve("launch_fails"), "No cloud access. Run: sky check");
        Path task = StandInProject.create(root.resolve("workspace"), TRAINS_WELL, EVALUATES_WELL);

        JobFailure failure = ((TrainingOutcome.Failed) backend()
                .run(StandInProject.job(600L, false), task, progress::add)).failure();

        assertThat(failure.category()).isEqualTo(FailureCategory.CONFIGURATION);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.reason()).contains("cloud credentials", "sky check");
    }

    @Test
    void aMissingCliNamesTheInstallCommand() throws Exception {
        Path task = StandInProject.create(root.resolve("workspace"), TRAINS_WELL, EVALUATES_WELL);

        JobFailure failure = ((TrainingOutcome.Failed) backend(root.resolve("nowhere/sky").toString())
                .run(StandInProject.job(600L, false), task, progress::add)).failure();

        assertThat(failure.category()).isEqualTo(FailureCategory.CONFIGURATION);
        assertThat(failure.reason()).contains("pip install \"skypilot[aws,gcp,runpod]\"", "sky check",
                "FTCOACH_SKYPILOT_CLI");
    }

    @Test
    void cancellingCancelsTheSkyJobAndTearsDownTheCluster() throws Exception {
        String slow = """
                import time
                print("training", flush=True)
                time.sleep(120)
                """;
        Path task = StandInProject.create(root.resolve("workspace"), slow, EVALUATES_WELL);
        Job job = StandInProject.job(600L, false);
        String cluster = SkyPilotBackend.cluster(job);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                backend().run(job, task, progress::add);
                ended.set(new AssertionError("the run returned instead of stopping"));
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        worker.start();
        Path log = new JobLog(root.resolve("logs")).file(job.id());
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((!Files.exists(log) || !Files.readString(log).contains(" training")) && System.nanoTime() < until) {
            Thread.sleep(50);
        }

        worker.interrupt();
        worker.join(30_000);

        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
        List<String> calls = calls();
        assertThat(calls.subList(calls.size() - 2, calls.size()))
                .containsExactly("sky cancel -y " + cluster + " 1", "sky down -y " + cluster);
        long pid = Long.parseLong(Files.readString(bin.resolve("clusters/" + cluster + "/pid")).strip());
        until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void theTimeLimitCancelsTheJob() throws Exception {
        String slow = """
                import time
                time.sleep(120)
                """;
        Path task = StandInProject.create(root.resolve("workspace"), slow, EVALUATES_WELL);
        Job job = StandInProject.job(1L, false);

        JobFailure failure = ((TrainingOutcome.Failed) backend().run(job, task, progress::add)).failure();

        assertThat(failure.category()).isEqualTo(FailureCategory.TIMEOUT);
        assertThat(failure.reason()).contains("time limit of 1 s");
        assertThat(calls()).contains("sky cancel -y " + SkyPilotBackend.cluster(job) + " 1");
    }
}
