package io.ftcoach.dispatcher.domain.project;

import io.ftcoach.dispatcher.domain.ProgressUpdate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLinesTest {

    @Test
    void readsTheTrainersProgressLine() {
        ProgressUpdate u = ProgressLines.progress("{\"step\": 120, \"epoch\": 1.5, \"loss\": 0.42, \"eval_loss\": 0.5, "
                + "\"learning_rate\": 2e-5, \"percent\": 37.5, \"eta_seconds\": 600}").orElseThrow();

        assertThat(u).isEqualTo(new ProgressUpdate(120, null, 1.5, 0.42, 0.5, 2e-5, 37.5, 600L));
    }

    @Test
    void plainTextAndOtherJsonAreNotProgress() {
        assertThat(ProgressLines.progress("Loading checkpoint shards: 100%")).isEmpty();
        assertThat(ProgressLines.progress("{\"step\": 1}")).isEmpty(); // no percent
        assertThat(ProgressLines.progress("{not json at all}")).isEmpty();
        assertThat(ProgressLines.progress("[1, 2]")).isEmpty();
        assertThat(ProgressLines.progress(null)).isEmpty();
    }

    @Test
    void nullsAreAbsentValuesAndThePercentIsKeptWithinBounds() {
        ProgressUpdate u = ProgressLines.progress("{\"step\": 3, \"loss\": null, \"percent\": 100.4}").orElseThrow();

        assertThat(u.loss()).isNull();
        assertThat(u.epoch()).isZero();
        assertThat(u.percent()).isEqualTo(100.0);
    }

    @Test
    void readsTheMetricsLine() {
        assertThat(ProgressLines.metrics("{\"metrics\": {\"train_loss\": 0.1, \"train_runtime\": 50, \"note\": \"x\"}}"))
                .containsOnlyKeys("train_loss", "train_runtime");
        assertThat(ProgressLines.metrics("{\"step\": 1, \"percent\": 2}")).isEmpty();
    }

    @Test
    void theThrottleLetsThroughTheFirstEvaluationsTheEndAndOnePerInterval() {
        AtomicLong now = new AtomicLong();
        List<ProgressUpdate> sent = new ArrayList<>();
        ProgressThrottle throttle = new ProgressThrottle(sent::add, Duration.ofSeconds(10), now::get);

        throttle.accept(update(1, 1, null));
        now.set(Duration.ofSeconds(3).toNanos());
        throttle.accept(update(2, 2, null));
        throttle.accept(update(3, 3, 0.7));
        throttle.accept(update(4, 4, null));
        now.set(Duration.ofSeconds(14).toNanos());
        throttle.accept(update(5, 5, null));
        throttle.accept(update(6, 6, null));
        throttle.flush();
        throttle.accept(update(7, 100, null));

        assertThat(sent).extracting(ProgressUpdate::step).containsExactly(1L, 3L, 5L, 6L, 7L);
        assertThat(throttle.latest().step()).isEqualTo(7L);
    }

    private static ProgressUpdate update(long step, double percent, Double evalLoss) {
        return new ProgressUpdate(step, null, 0, 1.0, evalLoss, null, percent, null);
    }
}
