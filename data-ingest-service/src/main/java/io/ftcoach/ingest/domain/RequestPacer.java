package io.ftcoach.ingest.domain;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One request at a time per host, and at most {@code requestsPerSecond} of them: a request waits for the host's
 * previous one to finish and for the interval since it started. Shared by every source of a service, so two runs
 * against the same host do not add up.
 */
final class RequestPacer {

    private final Sleeper sleeper;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> lastStart = new ConcurrentHashMap<>();

    RequestPacer(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    /** @param requestsPerSecond 0 or less: no limit, but still one at a time */
    <T> T call(String host, double requestsPerSecond, Supplier<T> request) throws InterruptedException {
        ReentrantLock lock = locks.computeIfAbsent(host, h -> new ReentrantLock(true));
        lock.lockInterruptibly();
        try {
            Long previous = lastStart.get(host);
            if (previous != null && requestsPerSecond > 0) {
                long interval = (long) (1_000_000_000L / requestsPerSecond);
                long wait = previous + interval - sleeper.nanoTime();
                if (wait > 0) {
                    sleeper.sleep(Duration.ofNanos(wait));
                }
            }
            lastStart.put(host, sleeper.nanoTime());
            return request.get();
        } finally {
            lock.unlock();
        }
    }
}
