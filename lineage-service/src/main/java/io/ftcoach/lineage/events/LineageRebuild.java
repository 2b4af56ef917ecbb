package io.ftcoach.lineage.events;

import io.ftcoach.lineage.config.LineageProperties;
import io.ftcoach.lineage.domain.LineageStore;
import io.ftcoach.schemas.topics.Topic;
import io.ftcoach.support.config.FtcoachServiceProperties;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Rebuilds the lineage files of every task from the Kafka topics alone: a fresh consumer, in a consumer group of
 * its own that commits nothing, reads each lineage topic from its first offset to the end it had when the rebuild
 * started and records every event into an empty folder through the same {@link LineageRecorder} as the listener.
 * Since lineage is a pure function of the set of events, the files come out byte-identical to the live ones:
 * the proof that nothing is kept only in the files.
 */
@Component
public class LineageRebuild {

    private static final Logger log = LoggerFactory.getLogger(LineageRebuild.class);
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ConsumerFactory<String, IndexedRecord> consumers;
    private final FtcoachServiceProperties service;
    private final LineageProperties settings;
    private final Clock clock;

    public LineageRebuild(ConsumerFactory<String, IndexedRecord> ftcoachConsumerFactory,
                          FtcoachServiceProperties service, LineageProperties settings, Clock clock) {
        this.consumers = ftcoachConsumerFactory;
        this.service = service;
        this.settings = settings;
        this.clock = clock;
    }

    /** An event that could not be recorded: where it is on its topic and why. */
    public record Skipped(String topic, int partition, long offset, String reason) {
    }

    /**
     * What a rebuild did: the folder it wrote, the events read per topic, those it could not record, the tasks and
     * versions it rebuilt and the number of files they now have.
     */
    public record Report(String workspace, Map<String, Long> eventsRead, long eventsRecorded, List<Skipped> skipped,
                         List<String> tasks, int versions, int files) {
    }

    /**
     * Rebuilds into {@code target}, which must be absent or an empty folder; null picks a new folder under the
     * service's state dir. The live workspace is never written.
     */
    public synchronized Report rebuild(Path target) {
        Path dir = target != null ? target.toAbsolutePath().normalize()
                : service.stateDir().resolve("lineage-service").resolve("rebuilds")
                .resolve(FOLDER.format(Instant.now(clock))).toAbsolutePath().normalize();
        requireEmpty(dir);
        LineageStore store = new LineageStore(new Workspace(dir));
        Map<String, Long> read = new LinkedHashMap<>();
        List<Skipped> skipped = new ArrayList<>();
        long recorded = 0;
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (Consumer<String, IndexedRecord> consumer = consumers.createConsumer(
                "lineage-service-rebuild-" + UUID.randomUUID(), "lineage-rebuild", null, overrides)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic topic : LineageRecorder.TOPICS) {
                read.put(topic.topicName(), 0L);
                List<PartitionInfo> infos = consumer.partitionsFor(topic.topicName());
                if (infos != null) {
                    infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now(clock).plus(settings.rebuildTimeout());
            while (!caughtUp(consumer, end)) {
                if (Instant.now(clock).isAfter(deadline)) {
                    throw new IllegalStateException("Rebuild did not reach the end of the lineage topics within "
                            + settings.rebuildTimeout() + "; " + dir + " is incomplete, delete it and retry");
                }
                for (ConsumerRecord<String, IndexedRecord> r : consumer.poll(settings.rebuildPoll())) {
                    read.merge(r.topic(), 1L, Long::sum);
                    if (r.value() == null) {
                        skipped.add(new Skipped(r.topic(), r.partition(), r.offset(),
                                "cannot be deserialized (the listener sent it to the dead-letter topic)"));
                        continue;
                    }
                    try {
                        LineageRecorder.record(store, r.value());
                        recorded++;
                    } catch (IllegalArgumentException e) {
                        skipped.add(new Skipped(r.topic(), r.partition(), r.offset(), e.getMessage()));
                    }
                }
            }
        }
        List<String> tasks = new ArrayList<>();
        int versions = 0;
        int files = 0;
        try (Stream<Path> taskDirs = Files.list(dir)) {
            for (Path t : taskDirs.sorted().toList()) {
                tasks.add(t.getFileName().toString());
                versions += store.all(TaskName.of(t.getFileName().toString()), true).size();
                try (Stream<Path> walk = Files.walk(t)) {
                    files += (int) walk.filter(Files::isRegularFile).count();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the rebuilt workspace " + dir, e);
        }
        log.info("Rebuilt lineage of {} tasks ({} versions) into {} from {} events, {} skipped", tasks.size(),
                versions, dir, recorded, skipped.size());
        return new Report(dir.toString(), read, recorded, List.copyOf(skipped), List.copyOf(tasks), versions, files);
    }

    private static boolean caughtUp(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void requireEmpty(Path dir) {
        Path live = service.workspace().toAbsolutePath().normalize();
        if (dir.startsWith(live) || live.startsWith(dir)) {
            // inside it, a rebuilt task folder would pass for a task; above it, the live workspace is not empty
            throw new IllegalArgumentException("Rebuild target " + dir + " overlaps the live workspace " + live
                    + ": rebuild into an empty folder outside it, then compare or swap it in");
        }
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("Rebuild target " + dir + " exists and is not a folder");
            }
            try (Stream<Path> entries = Files.list(dir)) {
                List<String> present = entries.limit(3).map(p -> p.getFileName().toString()).toList();
                if (!present.isEmpty()) {
                    throw new IllegalStateException("Rebuild target " + dir + " is not empty (it holds "
                            + new TreeSet<>(present) + (present.size() == 3 ? " …" : "")
                            + "); rebuild into an empty or new folder, nothing was changed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + dir, e);
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the rebuild folder " + dir, e);
        }
    }
}
