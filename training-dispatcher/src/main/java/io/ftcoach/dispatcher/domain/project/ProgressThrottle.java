package io.ftcoach.dispatcher.domain.project;

import io.ftcoach.dispatcher.domain.ProgressUpdate;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Passes on at most one progress update per interval, so a trainer logging every step does not flood Kafka:
 * the first update, every update with an eval loss (an epoch's evaluation) and the one that reaches 100 % always
 * go through; {@link #flush()} sends the latest one held back. Thread-safe.
 */
public final class ProgressThrottle implements Consumer<ProgressUpdate> {

    private final Consumer<ProgressUpdate> target;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long lastSent;
    private boolean sentAny;
    private ProgressUpdate held;
    private ProgressUpdate latest;

    public ProgressThrottle(Consumer<ProgressUpdate> target, Duration interval, LongSupplier nanoTime) {
        this.target = target;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public void accept(ProgressUpdate update) {
        ProgressUpdate send = null;
        synchronized (this) {
            latest = update;
            long now = nanoTime.getAsLong();
            if (!sentAny || update.evalLoss() != null || update.percent() >= 100 || now - lastSent >= intervalNanos) {
                sentAny = true;
                lastSent = now;
                held = null;
                send = update;
            } else {
                held = update;
            }
        }
        if (send != null) {
            target.accept(send);
        }
    }

    /** Sends the update held back, if any. */
    public void flush() {
        ProgressUpdate send;
        synchronized (this) {
            send = held;
            held = null;
            if (send != null) {
                lastSent = nanoTime.getAsLong();
            }
        }
        if (send != null) {
            target.accept(send);
        }
    }

    /** The last update seen, sent or not; null before the first. */
    public synchronized ProgressUpdate latest() {
        return latest;
    }
}
