package io.ftcoach.dispatcher.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobRegistryTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void jobsSurviveARestartAsOneJsonFileEach() throws IOException {
        JobRegistry registry = new JobRegistry(dir);
        JobRequest request = Jobs.request("baseline");
        Job job = registry.create(request, T0);
        Job failed = registry.save(job.start(T0.plusSeconds(1)).fail(
                new JobFailure(FailureCategory.CONFIGURATION, "no backend", "", false), T0.plusSeconds(2)));

        assertThat(job.id()).matches("[0-9a-f-]{36}");
        String json = Files.readString(dir.resolve(job.id() + ".json"));
        assertThat(json).contains("\"state\" : \"failed\"", "\"category\" : \"CONFIGURATION\"",
                "\"createdAt\" : \"2026-11-25T10:00:00Z\"");

        JobRegistry reloaded = new JobRegistry(dir);
        assertThat(reloaded.get(job.id())).isEqualTo(failed);
        assertThat(reloaded.findByRequest(request.requestEventId())).contains(failed);
        assertThat(reloaded.list()).containsExactly(failed);
    }

    @Test
    void listsOldestFirstAndNamesAnUnknownJob() {
        JobRegistry registry = new JobRegistry(dir);
        Job later = registry.create(Jobs.request("baseline"), T0.plusSeconds(5));
        Job earlier = registry.create(Jobs.request("baseline"), T0);
        assertThat(registry.list()).containsExactly(earlier, later);
        assertThatThrownBy(() -> registry.get("nope")).isInstanceOf(NoSuchElementException.class)
                .hasMessage("No training job 'nope'; list the jobs with GET /api/jobs");
    }

    @Test
    void aDamagedJobFileIsLeftAloneAndDoesNotStopTheOthers() throws IOException {
        Job kept = new JobRegistry(dir).create(Jobs.request("baseline"), T0);
        Files.writeString(dir.resolve("broken.json"), "{ not json");

        JobRegistry reloaded = new JobRegistry(dir);
        assertThat(reloaded.list()).containsExactly(kept);
        assertThat(dir.resolve("broken.json")).hasContent("{ not json");
    }
}
