package io.ftcoach.ingest.domain;

import java.time.Duration;

/** Time as the HTTP sources wait on it (back-off, rate limits), so tests can see the waits without waiting. */
public interface Sleeper {

    Sleeper SYSTEM = new Sleeper() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        }
    };

    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;
}
