package io.ftcoach.dispatcher.domain;

import io.ftcoach.dispatcher.domain.TrainingDispatcherTest.Call;
import io.ftcoach.dispatcher.domain.TrainingDispatcherTest.RecordingSink;
import io.ftcoach.support.workspace.Workspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cancelling queued, running and finished jobs, and the job log the dispatcher writes along the way. */
class TrainingDispatcherCancelTest {

    @TempDir
    Path dir;
    private final RecordingSink sink = new RecordingSink();
    private final SlowBackend slow = new SlowBackend();
    private JobRegistry jobs;
    private JobLog log;
    private TrainingDispatcher dispatcher;

    private void start() {
        jobs = new JobRegistry(dir.resolve("jobs"));
        log = new JobLog(dir.resolve("jobs"));
        // one worker: a second job stays queued while the slow one runs
        dispatcher = new TrainingDispatcher(jobs, new Backends(List.of(slow, new InstantBackend())),
                new Workspace(dir.resolve("workspace")), sink, Clock.systemUTC(), Executors.newSingleThreadExecutor(),
                log);
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void aQueuedJobIsCancelledAtOnceAndNeverRuns() throws Exception {
        start();
        Job running = dispatcher.submit(Jobs.request(SlowBackend.NAME));
        assertThat(slow.awaitRunning(10)).isTrue();
        Job queued = dispatcher.submit(Jobs.request(InstantBackend.NAME));

        Job cancelled = dispatcher.cancel(queued.id());

        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.startedAt()).isNull();
        assertThat(cancelled.finishedAt()).isNotNull();
        assertThat(cancelled.failure().category()).isEqualTo(FailureCategory.CANCELLED);
        assertThat(cancelled.failure().retryable()).isFalse();
        assertThat(cancelled.failure().reason()).contains("cancelled", "while queued", "it never ran");
        assertThat(jobs.get(queued.id())).isEqualTo(cancelled);
        assertThat(sink.calls).filteredOn(c -> c.job().id().equals(queued.id())).extracting(Call::kind)
                .containsExactly("failed");
        assertThat(log.read(queued.id())).contains("Cancelled: Job " + queued.id() + " was cancelled");

        dispatcher.cancel(running.id());
        dispatcher.close();
        // the cancelled queued job was skipped by the worker: never started, never completed
        assertThat(jobs.get(queued.id()).state()).isEqualTo(JobState.CANCELLED);
        assertThat(sink.calls).filteredOn(c -> c.job().id().equals(queued.id())).extracting(Call::kind)
                .containsExactly("failed");
    }

    @Test
    void aRunningJobIsInterruptedAndEndsCancelledAndItsWorkerGoesOn() throws Exception {
        start();
        Job job = dispatcher.submit(Jobs.request(SlowBackend.NAME));
        assertThat(slow.awaitRunning(10)).isTrue();

        Job answered = dispatcher.cancel(job.id());
        assertThat(answered.state()).isEqualTo(JobState.RUNNING);
        // asking twice does no harm
        assertThat(dispatcher.cancel(job.id()).state()).isIn(JobState.RUNNING, JobState.CANCELLED);

        // the same (only) worker thread runs the next job: it was not left interrupted
        Job next = dispatcher.submit(Jobs.request(InstantBackend.NAME));
        dispatcher.close();

        Job cancelled = jobs.get(job.id());
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.startedAt()).isNotNull();
        assertThat(cancelled.failure().category()).isEqualTo(FailureCategory.CANCELLED);
        assertThat(cancelled.failure().reason()).isEqualTo("Job " + job.id() + " was cancelled through POST /api/jobs/"
                + job.id() + "/cancel while running on backend 'slow-test'; its work was stopped. Request the "
                + "training again to run it");
        assertThat(sink.calls).filteredOn(c -> c.job().id().equals(job.id())).extracting(Call::kind)
                .containsExactly("started", "progress", "failed");
        assertThat(jobs.get(next.id()).state()).isEqualTo(JobState.SUCCEEDED);

        String text = log.read(job.id());
        assertThat(text.lines().map(l -> l.substring(l.indexOf(' ') + 1)).toList()).containsExactly(
                "Started job " + job.id() + " for task 'entity-sentiment' v2 on backend 'slow-test' "
                        + "(in-process slow test backend), attempt 1",
                "Progress: step 1/100, epoch 0.01, loss 2.5, learning rate 1.0E-5, 1.0%, ETA 600 s",
                "Cancel requested; interrupting backend 'slow-test'",
                "Cancelled: " + cancelled.failure().reason());
        assertThat(log.read(next.id())).contains("Started job " + next.id(), "Progress: step 10/10",
                "Succeeded after", "models/adapter/v2");
    }

    @Test
    void aFinishedJobCannotBeCancelledAndAnUnknownOneIsNotFound() {
        start();
        Job ok = dispatcher.submit(Jobs.request(InstantBackend.NAME));
        Job failed = dispatcher.submit(Jobs.request("no-such-backend"));
        dispatcher.close();

        assertThatThrownBy(() -> dispatcher.cancel(ok.id())).isInstanceOf(IllegalStateException.class)
                .hasMessage("Job " + ok.id() + " is succeeded already; only a queued or running job can be cancelled");
        assertThatThrownBy(() -> dispatcher.cancel(failed.id())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is failed already");
        assertThatThrownBy(() -> dispatcher.cancel("nope")).isInstanceOf(NoSuchElementException.class);
        assertThat(jobs.get(ok.id()).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(log.read(failed.id())).contains("Failed (CONFIGURATION): Backend 'no-such-backend' is not a training backend");
    }
}
