package io.ftcoach.dispatcher.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retry with back-off, through the backend SPI. */
class RetryingBackendTest {

    @TempDir
    Path dir;

    private final List<Duration> waits = new ArrayList<>();
    private final RetryingBackend.Sleeper recordingSleeper = waits::add;

    /** Answers its scripted outcomes in turn and records the attempt of every job it was given. */
    private static final class ScriptedBackend implements TrainingBackend {
        final Deque<TrainingOutcome> outcomes;
        final List<Integer> attempts = new ArrayList<>();

        ScriptedBackend(TrainingOutcome... outcomes) {
            this.outcomes = new ArrayDeque<>(List.of(outcomes));
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public TrainingOutcome run(Job job, Path taskDir, Consumer<ProgressUpdate> progress) {
            attempts.add(job.attempt());
            return outcomes.removeFirst();
        }
    }

    private static TrainingOutcome.Failed hiccup() {
        return new TrainingOutcome.Failed(new JobFailure(FailureCategory.INFRASTRUCTURE,
                "Connection to gpu-1:22 lost", "tail", true));
    }

    private static final TrainingOutcome OK = new TrainingOutcome.Succeeded(List.of(), Map.of("train_loss", 0.1));

    private static Job job() {
        return Job.queued("job-1", Jobs.request("scripted"), Instant.parse("2026-11-25T10:00:00Z"))
                .start(Instant.parse("2026-11-25T10:00:01Z"));
    }

    private RetryingBackend retrying(TrainingBackend backend, int attempts) {
        return new RetryingBackend(backend, new RetryingBackend.Policy(attempts, Duration.ofSeconds(5),
                Duration.ofSeconds(12)), recordingSleeper, new JobLog(dir), Clock.systemUTC());
    }

    @Test
    void retriesInfrastructureFailuresWithADoublingBackoffAndCountsTheAttempts() throws Exception {
        ScriptedBackend backend = new ScriptedBackend(hiccup(), hiccup(), hiccup(), OK);

        TrainingOutcome outcome = retrying(backend, 5).run(job(), dir, u -> { });

        assertThat(outcome).isSameAs(OK);
        assertThat(backend.attempts).containsExactly(1, 2, 3, 4);
        assertThat(waits).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(12));
        assertThat(new JobLog(dir).read("job-1")).contains("Attempt 1 failed on the infrastructure: Connection to "
                + "gpu-1:22 lost; retrying in 5 s");
    }

    @Test
    void givesUpAfterTheLastAttemptSayingHowToTryLonger() throws Exception {
        ScriptedBackend backend = new ScriptedBackend(hiccup(), hiccup());

        TrainingOutcome outcome = retrying(backend, 2).run(job(), dir, u -> { });

        JobFailure failure = ((TrainingOutcome.Failed) outcome).failure();
        assertThat(failure.category()).isEqualTo(FailureCategory.INFRASTRUCTURE);
        assertThat(failure.reason()).isEqualTo("Connection to gpu-1:22 lost (gave up after 2 attempts; raise "
                + "ftcoach.training-dispatcher.retry.max-attempts to try longer)");
        assertThat(failure.logTail()).isEqualTo("tail");
        assertThat(backend.attempts).containsExactly(1, 2);
        assertThat(waits).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void doesNotRetryWhatARetryCannotFix() throws Exception {
        TrainingOutcome.Failed oom = new TrainingOutcome.Failed(new JobFailure(FailureCategory.OUT_OF_MEMORY,
                "CUDA out of memory", "", false));
        TrainingOutcome.Failed stopped = new TrainingOutcome.Failed(new JobFailure(FailureCategory.INFRASTRUCTURE,
                "host key changed", "", false));
        ScriptedBackend backend = new ScriptedBackend(oom, stopped);

        assertThat(retrying(backend, 3).run(job(), dir, u -> { })).isSameAs(oom);
        assertThat(retrying(backend, 3).run(job(), dir, u -> { })).isSameAs(stopped);
        assertThat(backend.attempts).containsExactly(1, 1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aCancelDuringTheBackoffStopsIt() {
        ScriptedBackend backend = new ScriptedBackend(hiccup(), OK);
        RetryingBackend retrying = new RetryingBackend(backend, new RetryingBackend.Policy(3, Duration.ofSeconds(1),
                Duration.ofSeconds(1)), d -> {
            throw new InterruptedException("cancelled");
        }, null, Clock.systemUTC());

        assertThatThrownBy(() -> retrying.run(job(), dir, u -> { })).isInstanceOf(InterruptedException.class);
        assertThat(backend.attempts).containsExactly(1);
    }

    @Test
    void aPolicyNeedsAnAttempt() {
        assertThatThrownBy(() -> new RetryingBackend.Policy(0, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("retry.max-attempts");
    }
}
