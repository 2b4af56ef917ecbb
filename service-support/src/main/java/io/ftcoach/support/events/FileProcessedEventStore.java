package io.ftcoach.support.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An append-only file per consumer group ({@code <dir>/<group>.processed}, one event id a line), read into memory
 * at start. Appending is crash-safe enough for the purpose: a torn last line is an id that is not matched, so the
 * event is applied again — at-least-once, never lost.
 */
public final class FileProcessedEventStore implements ProcessedEventStore, AutoCloseable {

    private final Path dir;
    private final Map<String, Set<String>> processed = new ConcurrentHashMap<>();
    private final Map<String, Writer> writers = new ConcurrentHashMap<>();

    public FileProcessedEventStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the state directory " + dir
                    + "; set ftcoach.state-dir to a writable folder", e);
        }
    }

    @Override
    public boolean isProcessed(String consumerGroup, String eventId) {
        return ids(consumerGroup).contains(eventId);
    }

    @Override
    public synchronized void markProcessed(String consumerGroup, String eventId) {
        if (!ids(consumerGroup).add(eventId)) {
            return;
        }
        try {
            Writer w = writers.computeIfAbsent(consumerGroup, g -> open(file(g)));
            w.write(eventId);
            w.write('\n');
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record processed event " + eventId + " in " + file(consumerGroup), e);
        }
    }

    private Set<String> ids(String group) {
        return processed.computeIfAbsent(group, g -> {
            Set<String> set = ConcurrentHashMap.newKeySet();
            Path f = file(g);
            if (Files.exists(f)) {
                try (var lines = Files.lines(f, StandardCharsets.UTF_8)) {
                    lines.map(String::strip).filter(l -> !l.isEmpty()).forEach(set::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + f, e);
                }
            }
            return set;
        });
    }

    private Path file(String group) {
        return dir.resolve(group.replaceAll("[^A-Za-z0-9._-]", "_") + ".processed");
    }

    private static Writer open(Path f) {
        try {
            return Files.newBufferedWriter(f, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open " + f, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        for (Writer w : writers.values()) {
            w.close();
        }
        writers.clear();
    }
}
