package io.ftcoach.dispatcher.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final JobFailure CANCELLED =
            new JobFailure(FailureCategory.CANCELLED, "Cancelled through POST /api/jobs/j/cancel", "", false);

    @Test
    void movesForwardThroughItsStates() {
        Job queued = Job.queued("j1", Jobs.request("baseline"), T0);
        Job running = queued.start(T0.plusSeconds(1));
        Job done = running.succeed(T0.plusSeconds(61));

        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        assertThat(running.state()).isEqualTo(JobState.RUNNING);
        assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.runTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(done.createdAt()).isEqualTo(T0);
    }

    @Test
    void failsOrIsCancelledFromQueuedOrRunningOnly() {
        JobFailure why = new JobFailure(FailureCategory.DATA, "valid split is empty", null, false);
        Job failed = Job.queued("j2", Jobs.request("baseline"), T0).fail(why, T0);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.failure()).isEqualTo(why);
        assertThat(failed.failure().logTail()).isEmpty();
        assertThat(failed.runTime()).isZero();
        assertThat(Job.queued("j3", Jobs.request("baseline"), T0).start(T0).cancel(CANCELLED, T0).state())
                .isEqualTo(JobState.CANCELLED);

        assertThatThrownBy(() -> failed.start(T0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Job j2 is failed; it cannot become running");
        assertThatThrownBy(() -> failed.cancel(CANCELLED, T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Job.queued("j4", Jobs.request("baseline"), T0).succeed(T0))
                .hasMessage("Job j4 is queued; it cannot become succeeded");
    }

    @Test
    void aRequestNeedsTaskVersionBackendAndSnapshot() {
        JobRequest ok = Jobs.request("baseline");
        assertThatThrownBy(() -> new JobRequest(ok.requestEventId(), ok.correlationId(), ok.requestedAt(),
                ok.requestedBy(), "Not Kebab", ok.version(), null, ok.backend(), ok.dataSnapshotId(), ok.settings(),
                null, false, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobRequest(ok.requestEventId(), ok.correlationId(), ok.requestedAt(),
                ok.requestedBy(), ok.taskId(), ok.version(), null, " ", ok.dataSnapshotId(), ok.settings(),
                null, false, null)).hasMessage("A training request needs backend");
        assertThatThrownBy(() -> new JobRequest(ok.requestEventId(), ok.correlationId(), ok.requestedAt(),
                ok.requestedBy(), ok.taskId(), ok.version(), null, ok.backend(), ok.dataSnapshotId(), ok.settings(),
                null, false, 0L)).hasMessageContaining("timeLimitSeconds");
    }
}
