package io.ftcoach.dispatcher.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobLogTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void appendsTimedUtf8LinesToOneFilePerJob() throws Exception {
        JobLog log = new JobLog(dir.resolve("jobs"));
        log.append("j1", T0, "Started on backend 'baseline'");
        log.append("j1", T0.plusSeconds(1), "Progress: 損失 0.25\nsecond line");
        log.append("j2", T0, "other job");

        assertThat(Files.readString(dir.resolve("jobs/j1.log"), StandardCharsets.UTF_8)).isEqualTo(
                "2026-11-25T10:00:00Z Started on backend 'baseline'\n"
                        + "2026-11-25T10:00:01Z Progress: 損失 0.25\n"
                        + "2026-11-25T10:00:01Z second line\n");
        assertThat(log.read("j2")).isEqualTo("2026-11-25T10:00:00Z other job\n");
        assertThat(log.read("never-ran")).isEmpty();
        // a new writer on the same folder appends, as after a restart
        new JobLog(dir.resolve("jobs")).append("j2", T0, "again");
        assertThat(log.read("j2")).endsWith("other job\n2026-11-25T10:00:00Z again\n");
    }

    @Test
    void readsCompleteLinesFromAnOffset() throws Exception {
        JobLog log = new JobLog(dir);
        assertThat(log.readFrom("j", 0)).isEqualTo(new JobLog.Chunk(java.util.List.of(), 0));
        log.append("j", T0, "one");
        log.append("j", T0, "zwei ü");
        JobLog.Chunk first = log.readFrom("j", 0);
        assertThat(first.lines()).containsExactly("2026-11-25T10:00:00Z one", "2026-11-25T10:00:00Z zwei ü");
        assertThat(first.next()).isEqualTo(Files.size(dir.resolve("j.log")));

        Files.writeString(dir.resolve("j.log"), "partial", StandardOpenOption.APPEND);
        assertThat(log.readFrom("j", first.next()).lines()).isEmpty();
        assertThat(log.readFrom("j", first.next()).next()).isEqualTo(first.next());
        Files.writeString(dir.resolve("j.log"), " line\n", StandardOpenOption.APPEND);
        assertThat(log.readFrom("j", first.next()).lines()).containsExactly("partial line");
    }

    @Test
    void refusesIdsThatLeaveItsFolder() {
        JobLog log = new JobLog(dir);
        assertThatThrownBy(() -> log.read("../escape")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.file("a/b")).isInstanceOf(IllegalArgumentException.class);
    }
}
