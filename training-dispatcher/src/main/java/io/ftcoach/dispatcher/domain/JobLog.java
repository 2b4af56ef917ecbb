package io.ftcoach.dispatcher.domain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Each job's log, one UTF-8 text file per job ({@code <dir>/<jobId>.log}), appended line by line: the start, the
 * backend's progress, the end and why it failed or was cancelled. A log that cannot be written is reported in the
 * service log and never fails the job.
 */
public final class JobLog {

    private static final Logger log = LoggerFactory.getLogger(JobLog.class);

    /** What {@link #readFrom} found: the complete lines after the offset, and the offset to read on from. */
    public record Chunk(List<String> lines, long next) {
    }

    private final Path dir;

    public JobLog(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the job log folder " + dir
                    + "; set ftcoach.state-dir to a writable folder", e);
        }
    }

    public Path file(String jobId) {
        if (jobId == null || jobId.isBlank() || jobId.contains("/") || jobId.contains("\\") || jobId.contains("..")) {
            throw new IllegalArgumentException("Not a job id: '" + jobId + "'");
        }
        return dir.resolve(jobId + ".log");
    }

    /** Appends one line with its time; line breaks inside the text are kept apart as separate lines. */
    public synchronized void append(String jobId, Instant at, String text) {
        StringBuilder lines = new StringBuilder();
        for (String line : (text == null ? "" : text).split("\\R", -1)) {
            lines.append(at).append(' ').append(line).append('\n');
        }
        try {
            Files.writeString(file(jobId), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not write to the log of training job {}: {}", jobId, e.getMessage());
        }
    }

    /** The whole log; empty when the job wrote none yet. */
    public String read(String jobId) {
        try {
            return Files.readString(file(jobId), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the log of training job " + jobId, e);
        }
    }

    /** The complete lines written from byte {@code offset} on (a line still being written waits for the next call). */
    public Chunk readFrom(String jobId, long offset) {
        Path file = file(jobId);
        if (!Files.exists(file)) {
            return new Chunk(List.of(), offset);
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= offset) {
                return new Chunk(List.of(), offset);
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
            in.seek(offset);
            in.readFully(bytes);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            if (end == 0) {
                return new Chunk(List.of(), offset);
            }
            String text = new String(bytes, 0, end - 1, StandardCharsets.UTF_8);
            return new Chunk(new ArrayList<>(Arrays.asList(text.split("\n", -1))), offset + end);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the log of training job " + jobId, e);
        }
    }
}
