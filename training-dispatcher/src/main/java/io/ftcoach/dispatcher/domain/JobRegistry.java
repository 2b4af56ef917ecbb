package io.ftcoach.dispatcher.domain;

import io.ftcoach.support.workspace.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every job, one JSON file each ({@code <dir>/<jobId>.json}, written atomically), held in memory and read back at
 * start, so jobs and their states survive a restart.
 */
public final class JobRegistry {

    private static final Logger log = LoggerFactory.getLogger(JobRegistry.class);

    private final Path dir;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public JobRegistry(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the job folder " + dir
                    + "; set ftcoach.state-dir to a writable folder", e);
        }
        load();
    }

    /** A new queued job for the request, saved before it is returned. */
    public Job create(JobRequest request, Instant at) {
        return save(Job.queued(UUID.randomUUID().toString(), request, at));
    }

    public Job save(Job job) {
        AtomicFiles.write(file(job.id()), json.writeValueAsBytes(job));
        jobs.put(job.id(), job);
        return job;
    }

    public Optional<Job> find(String id) {
        return Optional.ofNullable(id == null ? null : jobs.get(id));
    }

    public Job get(String id) {
        return find(id).orElseThrow(() -> new NoSuchElementException(
                "No training job '" + id + "'; list the jobs with GET /api/jobs"));
    }

    /** The job made for a TrainingRequested event, so a redelivered request does not start a second job. */
    public Optional<Job> findByRequest(String requestEventId) {
        return jobs.values().stream().filter(j -> j.request().requestEventId().equals(requestEventId)).findFirst();
    }

    /** All jobs, oldest first. */
    public List<Job> list() {
        return jobs.values().stream()
                .sorted(Comparator.comparing(Job::createdAt).thenComparing(Job::id)).toList();
    }

    private void load() {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".json")).forEach(f -> {
                try {
                    Job job = json.readValue(f.toFile(), Job.class);
                    jobs.put(job.id(), job);
                } catch (JacksonException | IllegalArgumentException e) {
                    // one damaged file must not stop the service; it stays on disk for a person to repair
                    log.error("Job file {} cannot be read and is ignored until it is repaired: {}", f, e.getMessage());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the job folder " + dir, e);
        }
    }

    private Path file(String id) {
        return dir.resolve(id + ".json");
    }
}
