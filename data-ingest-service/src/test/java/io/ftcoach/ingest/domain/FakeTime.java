package io.ftcoach.ingest.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Time that only moves when a source waits: every wait is recorded and returns at once. */
final class FakeTime implements Sleeper {

    private long now;
    final List<Duration> waits = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        waits.add(duration);
        now += duration.toNanos();
    }
}
