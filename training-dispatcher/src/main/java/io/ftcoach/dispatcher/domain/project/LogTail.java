package io.ftcoach.dispatcher.domain.project;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines a script printed, for a failure's log tail and for telling why it failed. Thread-safe. */
public final class LogTail {

    private final int max;
    private final Deque<String> lines = new ArrayDeque<>();

    public LogTail(int max) {
        this.max = max;
    }

    public synchronized void add(String line) {
        if (lines.size() == max) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    public synchronized String text() {
        return String.join("\n", lines);
    }
}
