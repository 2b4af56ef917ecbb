package io.ftcoach.dispatcher.domain.local;

import io.ftcoach.dispatcher.domain.FailureCategory;
import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobArtifact;
import io.ftcoach.dispatcher.domain.JobLog;
import io.ftcoach.dispatcher.domain.ProgressUpdate;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.project.StandInProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static io.ftcoach.dispatcher.domain.project.StandInProject.EVALUATES_WELL;
import static io.ftcoach.dispatcher.domain.project.StandInProject.TRAINS_WELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The local backend running real python3 child processes (stand-in scripts) in a task folder. */
class LocalBackendTest {

    @TempDir
    Path root;

    private final List<ProgressUpdate> progress = new CopyOnWriteArrayList<>();

    private LocalBackend backend(String python) {
        return new LocalBackend(new LocalBackend.Options(python, Duration.ofHours(1), Duration.ofSeconds(2)),
                new JobLog(root.resolve("logs")), Clock.systemUTC());
    }

    @Test
    void runsTrainingThenEvaluationAndReportsWhatTheyWrote() throws Exception {
        Path task = StandInProject.create(root, TRAINS_WELL, EVALUATES_WELL);
        Job job = StandInProject.job(600L, false);

        TrainingOutcome outcome = backend("python3").run(job, task, progress::add);

        assertThat(outcome).isInstanceOf(TrainingOutcome.Succeeded.class);
        TrainingOutcome.Succeeded done = (TrainingOutcome.Succeeded) outcome;
        assertThat(done.artifacts()).extracting(JobArtifact::kind, JobArtifact::path).containsExactly(
                tuple("adapter", "models/adapter/v2"), tuple("predictions", "benchmarks/predictions/v2_test.jsonl"));
        assertThat(done.artifacts().get(1).sha256()).hasSize(64);
        assertThat(done.metrics()).containsEntry("train_loss", 0.04).containsEntry("eval_loss", 0.5)
                .containsEntry("train_runtime", 12.5).containsEntry("epochs", 3.0);
        // an hour's throttle: the first, the one with an eval loss and the last (100 %) go out
        assertThat(progress).extracting(ProgressUpdate::step).containsExactly(10L, 20L, 30L);
        assertThat(progress.get(0).totalSteps()).isEqualTo(30L);
        assertThat(progress.get(0).etaSeconds()).isEqualTo(20L);
        assertThat(progress.get(2).percent()).isEqualTo(100.0);
        assertThat(Files.readString(task.resolve("train_args.txt"))).isEqualTo("--version v2");
        String log = new JobLog(root.resolve("logs")).read(job.id());
        assertThat(log).contains("Loading base model Qwen/Qwen3-0.6B", "macro_f1 0.67", "scripts/04_train.py");
    }

    @Test
    void throttlesAFloodOfProgressLines() throws Exception {
        String chatty = """
                import json, os
                for step in range(1, 201):
                    print(json.dumps({"step": step, "epoch": step / 200, "loss": 1.0, "percent": step / 2}), flush=True)
                os.makedirs("models/adapter/v2", exist_ok=True)
                """;
        Path task = StandInProject.create(root, chatty, EVALUATES_WELL);

        TrainingOutcome outcome = backend("python3").run(StandInProject.job(600L, false), task, progress::add);

        assertThat(outcome).isInstanceOf(TrainingOutcome.Succeeded.class);
        assertThat(progress).extracting(ProgressUpdate::step).containsExactly(1L, 200L);
    }

    @Test
    void resumesFromTheNewestCheckpointWhenAsked() throws Exception {
        Path task = StandInProject.create(root, TRAINS_WELL, EVALUATES_WELL);
        Files.createDirectories(task.resolve("models/adapter/v2/checkpoint-90"));
        Files.createDirectories(task.resolve("models/adapter/v2/checkpoint-200"));
        Files.createDirectories(task.resolve("models/adapter/v2/checkpoint-100"));

        backend("python3").run(StandInProject.job(600L, true), task, progress::add);

        assertThat(Files.readString(task.resolve("train_args.txt")))
                .isEqualTo("--version v2 --resume_from_checkpoint models/adapter/v2/checkpoint-200");
    }

    @Test
    void aRetryResumesToo() throws Exception {
        Path task = StandInProject.create(root, TRAINS_WELL, EVALUATES_WELL);
        Files.createDirectories(task.resolve("models/adapter/v2/checkpoint-7"));

        backend("python3").run(StandInProject.retried(StandInProject.job(600L, false)), task, progress::add);

        assertThat(Files.readString(task.resolve("train_args.txt")))
                .isEqualTo("--version v2 --resume_from_checkpoint models/adapter/v2/checkpoint-7");
    }

    @Test
    void aFreshRunIgnoresOldCheckpoints() throws Exception {
        Path task = StandInProject.create(root, TRAINS_WELL, EVALUATES_WELL);
        Files.createDirectories(task.resolve("models/adapter/v2/checkpoint-7"));

        backend("python3").run(StandInProject.job(600L, false), task, progress::add);

        assertThat(Files.readString(task.resolve("train_args.txt"))).isEqualTo("--version v2");
    }

    @Test
    void aScriptThatExitsNonZeroFailsWithItsLogTailAndAFix() throws Exception {
        String broken = """
                import sys
                print("Traceback (most recent call last):", flush=True)
                print("ModuleNotFoundError: No module named 'peft'", flush=True)
                sys.exit(1)
                """;
        Path task = StandInProject.create(root, broken, EVALUATES_WELL);

        TrainingOutcome outcome = backend("python3").run(StandInProject.job(600L, false), task, progress::add);

        var failure = ((TrainingOutcome.Failed) outcome).failure();
        assertThat(failure.category()).isEqualTo(FailureCategory.CONFIGURATION);
        assertThat(failure.reason()).contains("scripts/04_train.py exited with code 1", "'peft'",
                "pip install -r requirements.txt");
        assertThat(failure.logTail()).endsWith("ModuleNotFoundError: No module named 'peft'");
        assertThat(failure.retryable()).isFalse();
        assertThat(task.resolve("benchmarks")).doesNotExist();
    }

    @Test
    void outOfMemoryIsNamedAsSuch() throws Exception {
        String oom = """
                import sys
                print("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB", flush=True)
                sys.exit(1)
                """;
        Path task = StandInProject.create(root, oom, EVALUATES_WELL);

        var failure = ((TrainingOutcome.Failed) backend("python3")
                .run(StandInProject.job(600L, false), task, progress::add)).failure();

        assertThat(failure.category()).isEqualTo(FailureCategory.OUT_OF_MEMORY);
        assertThat(failure.reason()).contains("per_device_train_batch_size");
    }

    @Test
    void anEvaluationWithoutPredictionsFails() throws Exception {
        Path task = StandInProject.create(root, TRAINS_WELL, "print('nothing written')\n");

        var failure = ((TrainingOutcome.Failed) backend("python3")
                .run(StandInProject.job(600L, false), task, progress::add)).failure();

        assertThat(failure.category()).isEqualTo(FailureCategory.DATA);
        assertThat(failure.reason()).contains("scripts/05_evaluate.py ended without writing "
                + "benchmarks/predictions/v2_test.jsonl");
    }

    @Test
    void missingScriptsAndInterpreterAreConfigurationErrors() throws Exception {
        Path task = StandInProject.create(root, TRAINS_WELL, EVALUATES_WELL);
        Files.delete(task.resolve("scripts/04_train.py"));
        var noScript = ((TrainingOutcome.Failed) backend("python3")
                .run(StandInProject.job(600L, false), task, progress::add)).failure();
        assertThat(noScript.category()).isEqualTo(FailureCategory.CONFIGURATION);
        assertThat(noScript.reason()).contains("scripts/04_train.py is missing", "generate the task's project");

        Files.writeString(task.resolve("scripts/04_train.py"), TRAINS_WELL);
        var noPython = ((TrainingOutcome.Failed) backend(root.resolve("no-such-python").toString())
                .run(StandInProject.job(600L, false), task, progress::add)).failure();
        assertThat(noPython.category()).isEqualTo(FailureCategory.CONFIGURATION);
        assertThat(noPython.reason()).contains("Cannot start the python interpreter", "FTCOACH_LOCAL_PYTHON");
    }

    @Test
    void theTimeLimitStopsTheScript() throws Exception {
        String slow = """
                import time
                print("training", flush=True)
                time.sleep(120)
                """;
        Path task = StandInProject.create(root, slow, EVALUATES_WELL);
        long started = System.nanoTime();

        var failure = ((TrainingOutcome.Failed) backend("python3")
                .run(StandInProject.job(1L, false), task, progress::add)).failure();

        assertThat(failure.category()).isEqualTo(FailureCategory.TIMEOUT);
        assertThat(failure.reason()).contains("time limit of 1 s", "timeLimitSeconds");
        assertThat(failure.logTail()).contains("training");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void cancellingKillsTheWholeProcessTree() throws Exception {
        String forks = """
                import subprocess, sys, time
                child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
                with open("child.pid.tmp", "w") as f:
                    f.write(str(child.pid))
                import os; os.rename("child.pid.tmp", "child.pid")
                print("waiting", flush=True)
                time.sleep(120)
                """;
        Path task = StandInProject.create(root, forks, EVALUATES_WELL);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                backend("python3").run(StandInProject.job(600L, false), task, progress::add);
                ended.set(new AssertionError("the run returned instead of stopping"));
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        worker.start();
        Path pidFile = task.resolve("child.pid");
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(pidFile) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        long childPid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(childPid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        worker.interrupt();
        worker.join(30_000);

        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
        until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
}
