package io.ftcoach.dispatcher.domain;

import io.ftcoach.dispatcher.domain.baseline.BaselineBackend;
import io.ftcoach.dispatcher.domain.baseline.LabeledText;
import io.ftcoach.dispatcher.domain.baseline.TestSplits;
import io.ftcoach.dispatcher.domain.evaluation.Evaluator;
import io.ftcoach.support.workspace.AtomicFiles;
import io.ftcoach.support.workspace.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class TrainingDispatcherTest {

    @TempDir
    Path dir;
    private final RecordingSink sink = new RecordingSink();

    private JobRegistry registry() {
        return new JobRegistry(dir.resolve("jobs"));
    }

    private TrainingDispatcher dispatcher(JobRegistry jobs, TrainingBackend... backends) {
        return new TrainingDispatcher(jobs, new Backends(List.of(backends)), new Workspace(dir.resolve("workspace")),
                sink, Clock.systemUTC(), Executors.newSingleThreadExecutor());
    }

    @Test
    void withoutItsBackendAJobStartsAndFailsAsAConfigurationProblem() {
        JobRegistry jobs = registry();
        TrainingDispatcher dispatcher = dispatcher(jobs);
        Job job = dispatcher.submit(Jobs.request("baseline"));
        assertThat(job.state()).isEqualTo(JobState.QUEUED);
        dispatcher.close();

        assertThat(sink.calls).extracting(Call::kind).containsExactly("started", "failed");
        assertThat(sink.calls.get(0).detail()).isNull();
        Job failed = jobs.get(job.id());
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.startedAt()).isNotNull();
        assertThat(failed.failure().category()).isEqualTo(FailureCategory.CONFIGURATION);
        assertThat(failed.failure().retryable()).isFalse();
        assertThat(failed.failure().reason()).startsWith("Backend 'baseline' is not available in this build yet");
        assertThat(sink.calls.get(1).job()).isEqualTo(failed);
    }

    @Test
    void aRegisteredBackendRunsTheJobToCompletion() {
        JobRegistry jobs = registry();
        TrainingDispatcher dispatcher = dispatcher(jobs, new InstantBackend());
        Job job = dispatcher.submit(Jobs.request(InstantBackend.NAME));
        dispatcher.close();

        assertThat(sink.calls).extracting(Call::kind).containsExactly("started", "progress", "completed");
        assertThat(sink.calls.get(0).detail()).isEqualTo("in-process test backend");
        assertThat(sink.calls.get(2).detail()).contains("models/adapter/v2", "train_loss");
        assertThat(jobs.get(job.id()).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(jobs.get(job.id()).finishedAt()).isNotNull();
    }

    @Test
    void aSucceededJobWithTestPredictionsIsEvaluatedAfterItsCompletion() throws Exception {
        Path task = dir.resolve("workspace/entity-sentiment");
        List<LabeledText> all = new ArrayList<>(TestSplits.waimai());
        List<LabeledText> rows = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 20) {
            rows.add(all.get(i));
        }
        TestSplits.write(task.resolve("data"), TestSplits.stratified(rows, 0.8, 0.1, 1));
        JobRegistry jobs = registry();
        JobLog log = new JobLog(dir.resolve("logs"));
        TrainingDispatcher dispatcher = new TrainingDispatcher(jobs, new Backends(List.of(new BaselineBackend())),
                new Workspace(dir.resolve("workspace")), sink, Clock.systemUTC(), Executors.newSingleThreadExecutor(), log);
        Job job = dispatcher.submit(Jobs.request(BaselineBackend.NAME));
        dispatcher.close();

        // the request's 8 epochs are honoured although its method is lora; its LoRA and LLM settings are not, and the log says so
        assertThat(sink.calls).extracting(Call::kind).containsExactly("started", "progress", "progress", "progress",
                "progress", "progress", "progress", "progress", "progress", "completed", "evaluated");
        assertThat(sink.calls.get(10).detail()).isEqualTo("benchmarks/results/v2_results.json");
        assertThat(log.read(job.id())).contains("Ignored by the baseline backend: base_model=Qwen/Qwen3-4B (",
                "; lora_r=32 (the baseline has no LoRA adapter); lora_alpha=64 (", "; learning_rate=1.0E-5 (",
                "; batch_size=4 (");
        assertThat(task.resolve("models/baseline/v2/model_info.json")).content().contains("\"ignored_settings\"",
                "lora_r=32");
        assertThat(jobs.get(job.id()).state()).isEqualTo(JobState.SUCCEEDED);
        // no task.yaml: the default criteria, macro_f1 >= 0.80
        assertThat(Files.readString(task.resolve("benchmarks/results/v2_results.json")))
                .contains("\"primary_metric\" : \"macro_f1\"", "\"threshold\" : 0.8");
        assertThat(task.resolve("benchmarks/results/v2_report.md")).isRegularFile();
    }

    @Test
    void predictionsThatCannotBeEvaluatedFailTheJobAndWriteNoResults() throws Exception {
        Path task = dir.resolve("workspace/entity-sentiment");
        JobRegistry jobs = registry();
        TrainingDispatcher dispatcher = dispatcher(jobs, backend("sloppy", j -> {
            AtomicFiles.writeString(task.resolve("benchmarks/predictions/v2_test.jsonl"), "{\"gold\":\"a\"}\n");
            return new TrainingOutcome.Succeeded(
                    List.of(new JobArtifact("predictions", "benchmarks/predictions/v2_test.jsonl", null)), Map.of());
        }));
        Job job = dispatcher.submit(Jobs.request("sloppy"));
        dispatcher.close();

        assertThat(sink.calls).extracting(Call::kind).containsExactly("started", "failed");
        Job failed = jobs.get(job.id());
        assertThat(failed.failure().category()).isEqualTo(FailureCategory.DATA);
        assertThat(failed.failure().reason()).contains("predictions cannot be evaluated", "v2_test.jsonl line 1");
        assertThat(task.resolve("benchmarks/results")).doesNotExist();
    }

    @Test
    void aBackendThatThrowsFailsTheJobAndOneThatIsInterruptedFailsItAsRetryable() {
        JobRegistry jobs = registry();
        TrainingDispatcher dispatcher = dispatcher(jobs,
                backend("broken", job -> {
                    throw new IllegalStateException("CUDA driver missing");
                }),
                backend("stopped", job -> {
                    throw new Interrupted();
                }));
        Job broken = dispatcher.submit(Jobs.request("broken"));
        Job stopped = dispatcher.submit(Jobs.request("stopped"));
        dispatcher.close();

        JobFailure brokenWhy = jobs.get(broken.id()).failure();
        assertThat(brokenWhy.category()).isEqualTo(FailureCategory.UNKNOWN);
        assertThat(brokenWhy.reason()).contains("Backend 'broken' failed unexpectedly", "CUDA driver missing");
        JobFailure stoppedWhy = jobs.get(stopped.id()).failure();
        assertThat(stoppedWhy.category()).isEqualTo(FailureCategory.INFRASTRUCTURE);
        assertThat(stoppedWhy.retryable()).isTrue();
    }

    @Test
    void aRedeliveredRequestDoesNotStartASecondJob() {
        JobRegistry jobs = registry();
        TrainingDispatcher dispatcher = dispatcher(jobs);
        JobRequest request = Jobs.request("baseline");
        Job first = dispatcher.submit(request);
        Job again = dispatcher.submit(request);
        dispatcher.close();

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(jobs.list()).hasSize(1);
        assertThat(sink.calls).extracting(Call::kind).containsExactly("started", "failed");
    }

    @Test
    void afterARestartQueuedJobsRunAndInterruptedOnesFail() {
        JobRegistry before = registry();
        Job queued = before.create(Jobs.request(InstantBackend.NAME), Instant.now());
        Job running = before.save(before.create(Jobs.request(InstantBackend.NAME), Instant.now()).start(Instant.now()));

        JobRegistry after = registry();
        TrainingDispatcher dispatcher = dispatcher(after, new InstantBackend());
        dispatcher.recover();
        dispatcher.close();

        assertThat(after.get(queued.id()).state()).isEqualTo(JobState.SUCCEEDED);
        Job lost = after.get(running.id());
        assertThat(lost.state()).isEqualTo(JobState.FAILED);
        assertThat(lost.failure().category()).isEqualTo(FailureCategory.INFRASTRUCTURE);
        assertThat(lost.failure().retryable()).isTrue();
        assertThat(lost.failure().reason()).contains("stopped while job " + running.id() + " was running");
        assertThat(sink.calls).filteredOn(c -> c.job().id().equals(running.id())).extracting(Call::kind)
                .containsExactly("failed");
    }

    @Test
    void aJobEndsAndIsSavedEvenWhenItsEventsCannotBePublished() {
        JobRegistry jobs = registry();
        sink.brokenStart = true;
        TrainingDispatcher dispatcher = dispatcher(jobs, new InstantBackend());
        Job job = dispatcher.submit(Jobs.request(InstantBackend.NAME));
        dispatcher.close();

        assertThat(jobs.get(job.id()).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.calls).extracting(Call::kind).containsExactly("progress", "completed");
    }

    @Test
    void afterARestartARunningJobIsReattachedWhenItsBackendCan() {
        JobRegistry before = registry();
        Job running = before.save(before.create(Jobs.request("detached"), Instant.now()).start(Instant.now()));
        List<Job> given = new CopyOnWriteArrayList<>();
        TrainingBackend detached = new TrainingBackend() {
            @Override
            public String name() {
                return "detached";
            }

            @Override
            public boolean reattaches() {
                return true;
            }

            @Override
            public TrainingOutcome run(Job job, Path taskDir, Consumer<ProgressUpdate> progress) {
                given.add(job);
                return new TrainingOutcome.Succeeded(List.of(), Map.of("train_loss", 0.3));
            }
        };
        JobRegistry after = registry();
        TrainingDispatcher dispatcher = dispatcher(after, detached);
        dispatcher.recover();
        dispatcher.close();

        assertThat(given).extracting(Job::id, Job::state).containsExactly(
                tuple(running.id(), JobState.RUNNING));
        assertThat(after.get(running.id()).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(after.get(running.id()).startedAt()).isEqualTo(running.startedAt());
        // picked up, not started again: no second TrainingStarted
        assertThat(sink.calls).extracting(Call::kind).containsExactly("completed");
    }

    @Test
    void afterARestartAJobOnABackendThatCannotReattachFailsSayingSo() {
        JobRegistry before = registry();
        Job running = before.save(before.create(Jobs.request(InstantBackend.NAME), Instant.now()).start(Instant.now()));

        JobRegistry after = registry();
        TrainingDispatcher dispatcher = dispatcher(after, new InstantBackend());
        dispatcher.recover();
        dispatcher.close();

        assertThat(after.get(running.id()).failure().reason()).contains("cannot re-attach to a run",
                "resumeFromCheckpoint");
    }

    private interface Run {
        TrainingOutcome run(Job job) throws InterruptedException;
    }

    private static TrainingBackend backend(String name, Run run) {
        return new TrainingBackend() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TrainingOutcome run(Job job, Path taskDir, Consumer<ProgressUpdate> progress)
                    throws InterruptedException {
                return run.run(job);
            }
        };
    }

    /** Thrown where a backend would see its thread interrupted. */
    private static final class Interrupted extends InterruptedException {
    }

    record Call(String kind, Job job, String detail) {
    }

    static final class RecordingSink implements JobEventSink {
        final List<Call> calls = new CopyOnWriteArrayList<>();
        volatile boolean brokenStart;

        @Override
        public void started(Job job, String location) {
            if (brokenStart) {
                throw new IllegalStateException("broker down");
            }
            calls.add(new Call("started", job, location));
        }

        @Override
        public void progress(Job job, ProgressUpdate update) {
            calls.add(new Call("progress", job, update.toString()));
        }

        @Override
        public void completed(Job job, TrainingOutcome.Succeeded outcome) {
            calls.add(new Call("completed", job, outcome.toString()));
        }

        @Override
        public void failed(Job job) {
            calls.add(new Call("failed", job, job.failure().reason()));
        }

        @Override
        public void evaluated(Job job, Evaluator.Result result) {
            calls.add(new Call("evaluated", job, result.resultsPath()));
        }
    }
}
