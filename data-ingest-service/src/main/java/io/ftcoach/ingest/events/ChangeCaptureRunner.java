package io.ftcoach.ingest.events;

import io.ftcoach.events.DataUpdated;
import io.ftcoach.ingest.cdc.CaptureSettings;
import io.ftcoach.ingest.cdc.ChangeCapture;
import io.ftcoach.ingest.cdc.DebeziumPostgresSource;
import io.ftcoach.ingest.config.ChangeCaptureProperties;
import io.ftcoach.ingest.domain.DataSourceConfig;
import io.ftcoach.ingest.domain.DataSourceFile;
import io.ftcoach.ingest.domain.DataSourceService;
import io.ftcoach.ingest.domain.DataWorkspace;
import io.ftcoach.ingest.domain.SourceDefinition;
import io.ftcoach.ingest.domain.TrainedSnapshots;
import io.ftcoach.support.config.FtcoachKafkaProperties;
import io.ftcoach.support.config.FtcoachServiceProperties;
import io.ftcoach.support.events.EventPublisher;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Keeps one {@link ChangeCapture} running for every enabled {@code database} source with {@code config.mode:
 * continuous} in the workspace's data_source.yaml files: checked at start and every reconcile interval, so a
 * written, changed or removed configuration starts, restarts or removes its capture, and a failed one is started
 * again. When a capture's rows changed, the task's sources are run into a snapshot and announced with DataUpdated,
 * saying how many rows changed since the latest trained version's data.
 */
@Component
public class ChangeCaptureRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeCaptureRunner.class);

    private final Workspace workspace;
    private final DataWorkspace data;
    private final DataSourceFile dataSourceFile;
    private final DataSourceService dataSources;
    private final TrainedSnapshots trained;
    private final EventPublisher publisher;
    private final Clock clock;
    private final ChangeCaptureProperties properties;
    private final CaptureSettings settings;
    private final Function<String, String> environment = System::getenv;
    private final Map<Key, ChangeCapture> captures = new ConcurrentHashMap<>();
    private final Map<Key, Instant> failedAt = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private volatile boolean running;

    record Key(TaskName task, String source) {
    }

    public ChangeCaptureRunner(FtcoachServiceProperties service, FtcoachKafkaProperties kafka, DataWorkspace data,
                               DataSourceFile dataSourceFile, DataSourceService dataSources, TrainedSnapshots trained,
                               EventPublisher publisher, Clock clock, ChangeCaptureProperties properties) {
        this.workspace = new Workspace(service.workspace());
        this.data = data;
        this.dataSourceFile = dataSourceFile;
        this.dataSources = dataSources;
        this.trained = trained;
        this.publisher = publisher;
        this.clock = clock;
        this.properties = properties;
        this.settings = new CaptureSettings(kafka.bootstrapServers(), properties.offsetTopicPrefix(),
                properties.offsetReplicationFactor(), properties.maxChanges(), properties.quietPeriod(),
                properties.pollInterval(), properties.offsetFlushInterval(), Duration.ofSeconds(30));
    }

    @Override
    public synchronized void start() {
        running = true;
        if (!properties.enabled()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cdc-reconcile");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::reconcileQuietly, 0, properties.reconcileInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Stops every capture but keeps its slot, offsets and rows: the next start resumes. */
    @Override
    public synchronized void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        captures.values().forEach(ChangeCapture::close);
        captures.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The captures now running (or failed, waiting to be started again). */
    public List<ChangeCapture> captures() {
        return List.copyOf(captures.values());
    }

    public Optional<ChangeCapture> capture(TaskName task, String source) {
        return Optional.ofNullable(captures.get(new Key(task, source)));
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("Checking the continuous captures failed: {}", e.toString());
        }
    }

    /** Starts, restarts and removes captures so they match the data_source.yaml files now. */
    public synchronized void reconcile() {
        if (!running || !properties.enabled()) {
            return;
        }
        Map<Key, SourceDefinition> wanted = new HashMap<>();
        for (TaskName task : workspace.tasks()) {
            wanted(task).forEach(s -> wanted.put(new Key(task, s.name()), s));
        }
        for (Map.Entry<Key, ChangeCapture> e : List.copyOf(captures.entrySet())) {
            SourceDefinition want = wanted.get(e.getKey());
            ChangeCapture capture = e.getValue();
            if (want == null) {
                log.info("Continuous capture of {} for task '{}' is no longer configured: removing it and its "
                        + "replication slot", capture.source().label(), e.getKey().task());
                captures.remove(e.getKey());
                capture.remove();
            } else if (!want.equals(capture.source())) {
                captures.remove(e.getKey());
                capture.close();
            } else if (capture.state() == ChangeCapture.State.FAILED) {
                captures.remove(e.getKey());
                capture.close();
                failedAt.put(e.getKey(), clock.instant());
            }
        }
        Instant now = clock.instant();
        wanted.forEach((key, source) -> {
            Instant failed = failedAt.get(key);
            if (captures.containsKey(key) || failed != null && failed.plus(properties.retryInterval()).isAfter(now)) {
                return;
            }
            try {
                ChangeCapture capture = new ChangeCapture(data.taskDir(key.task()), key.task(), source, environment,
                        settings, this::snapshotDue);
                captures.put(key, capture);
                capture.start();
                failedAt.remove(key);
            } catch (RuntimeException e) {
                captures.remove(key);
                failedAt.put(key, now);
                log.warn("Cannot start the continuous capture of {} for task '{}' (retried in {}): {}",
                        source.label(), key.task(), properties.retryInterval(), e.getMessage());
            }
        });
    }

    private List<SourceDefinition> wanted(TaskName task) {
        try {
            Optional<byte[]> yaml = data.readDataSource(task);
            if (yaml.isEmpty()) {
                return List.of();
            }
            DataSourceConfig config = dataSourceFile.parse(yaml.get());
            return config.sources().stream().filter(SourceDefinition::enabled)
                    .filter(DebeziumPostgresSource::continuous).toList();
        } catch (RuntimeException e) {
            // a task without task.yaml or with a file written by hand that no longer validates: nothing to capture
            log.debug("Task '{}' has no usable data_source.yaml: {}", task, e.getMessage());
            return List.of();
        }
    }

    /** A capture's rows changed: run the task's sources into a snapshot and announce it. */
    private void snapshotDue(ChangeCapture capture) {
        TaskName task = capture.task();
        DataSourceService.Run run = dataSources.run(task, null);
        DataUpdated event = DataEvents.dataUpdated(task, run, null, clock);
        DataEvents.withChangesSinceTrained(event, trained.sinceTrainedIfReadable(task, event.getSnapshotId()));
        publisher.publishAndWait(event);
        log.info("Changes to {} of task '{}': snapshot {} ({} rows)", capture.source().label(), task,
                event.getSnapshotId(), run.mergedRows());
    }
}
