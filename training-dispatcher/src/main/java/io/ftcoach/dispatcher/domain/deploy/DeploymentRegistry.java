package io.ftcoach.dispatcher.domain.deploy;

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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Every deployment, one JSON file each ({@code <dir>/<id>.json}, written atomically), read back at start. */
public final class DeploymentRegistry {

    private static final Logger log = LoggerFactory.getLogger(DeploymentRegistry.class);

    private final Path dir;
    private final Map<String, Deployment> deployments = new ConcurrentHashMap<>();
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public DeploymentRegistry(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the deployment folder " + dir
                    + "; set ftcoach.state-dir to a writable folder", e);
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".json")).forEach(f -> {
                try {
                    Deployment d = json.readValue(f.toFile(), Deployment.class);
                    deployments.put(d.id(), d);
                } catch (JacksonException | IllegalArgumentException e) {
                    // one damaged file must not stop the service; it stays on disk for a person to repair
                    log.error("Deployment file {} cannot be read and is ignored until it is repaired: {}", f,
                            e.getMessage());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the deployment folder " + dir, e);
        }
    }

    public Deployment save(Deployment d) {
        AtomicFiles.write(dir.resolve(d.id() + ".json"), json.writeValueAsBytes(d));
        deployments.put(d.id(), d);
        return d;
    }

    public Deployment get(String id) {
        return Optional.ofNullable(id == null ? null : deployments.get(id)).orElseThrow(() ->
                new NoSuchElementException("No deployment '" + id + "'; list a task's deployments with "
                        + "GET /api/tasks/{task}/deployments"));
    }

    /** The deployment made for a DeploymentRequested event, so a redelivered request does not deploy twice. */
    public Optional<Deployment> findByRequest(String requestEventId) {
        return deployments.values().stream().filter(d -> d.request().requestEventId().equals(requestEventId))
                .findFirst();
    }

    /** A task's deployments, oldest first. */
    public List<Deployment> ofTask(String taskId) {
        return all().stream().filter(d -> d.request().taskId().equals(taskId)).toList();
    }

    public List<Deployment> all() {
        return deployments.values().stream()
                .sorted(Comparator.comparing(Deployment::startedAt).thenComparing(Deployment::id)).toList();
    }
}
