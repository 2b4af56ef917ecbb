package io.ftcoach.schemas.evolution;

import io.ftcoach.schemas.topics.Topic;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The released event schemas kept in {@code schemas/src/released/<release>/<Event>.avsc}, each fully inlined
 * as a registry stores it. Releases sort by their numeric parts (1.0 &lt; 1.1 &lt; 2.0).
 *
 * <p>To release the current schemas, run
 * {@code ./mvnw -pl schemas test -Dtest=SchemaCompatibilityTest -Dftcoach.release=<name>}, which writes the
 * release folder after the compatibility checks pass.
 */
public final class ReleasedSchemas {

    public static final Path ROOT = Path.of("src", "released");

    private ReleasedSchemas() {
    }

    public static List<String> releases() {
        if (!Files.isDirectory(ROOT)) {
            throw new IllegalStateException("No released schemas at " + ROOT.toAbsolutePath()
                    + "; run the tests from the schemas module directory");
        }
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .sorted(Comparator.comparing(ReleasedSchemas::numeric)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Optional<Schema> load(String release, String eventName) {
        Path file = ROOT.resolve(release).resolve(eventName + ".avsc");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every current event schema into a new release folder. */
    public static void release(String release) throws IOException {
        Path dir = ROOT.resolve(release);
        if (Files.exists(dir)) {
            throw new IllegalStateException("Release " + release + " exists already; releases are immutable");
        }
        Files.createDirectories(dir);
        for (Topic topic : Topic.values()) {
            Schema schema = SpecificData.get().getSchema(topic.eventType());
            Files.writeString(dir.resolve(topic.eventName() + ".avsc"), schema.toString(true) + "\n",
                    StandardCharsets.UTF_8);
        }
    }

    private static String numeric(String release) {
        List<String> parts = new ArrayList<>();
        for (String p : release.split("\\.")) {
            parts.add(String.format("%08d", p.chars().allMatch(Character::isDigit) && !p.isEmpty() ? Integer.parseInt(p) : 0));
        }
        return String.join(".", parts);
    }
}
