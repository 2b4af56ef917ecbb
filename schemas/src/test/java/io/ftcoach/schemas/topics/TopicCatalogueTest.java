package io.ftcoach.schemas.topics;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TopicCatalogueTest {

    private static final Path DOC = Path.of("..", "docs", "topics.md");
    private static final List<String> SERVICES = List.of("coach-service", "task-service", "data-ingest-service",
            "training-dispatcher", "lineage-service");

    @Test
    void docsPageShowsTheCatalogueAsInCode() throws IOException {
        assertThat(DOC).as("docs/topics.md").exists();
        String page = Files.readString(DOC, StandardCharsets.UTF_8);
        assertThat(page).as("docs/topics.md is out of date; paste TopicCatalogueDoc.markdownTable() into it")
                .contains(TopicCatalogueDoc.markdownTable());
    }

    @Test
    void namesAreUniqueAndEveryTopicHasAKnownProducerAndConsumers() {
        assertThat(new HashSet<>(Arrays.stream(Topic.values()).map(Topic::topicName).toList()))
                .hasSize(Topic.values().length);
        assertThat(new HashSet<>(Arrays.stream(Topic.values()).map(Topic::eventType).toList()))
                .hasSize(Topic.values().length);
        for (Topic t : Topic.values()) {
            assertThat(SERVICES).as("producer of %s", t).contains(t.producer());
            assertThat(t.consumers()).as("consumers of %s", t).isNotEmpty().allSatisfy(c -> assertThat(SERVICES).contains(c));
            assertThat(t.topicName()).matches("ftcoach\\.[a-z-]+");
            assertThat(Topic.forEvent(t.eventType())).isEqualTo(t);
            assertThat(Topic.forTopicName(t.topicName())).contains(t);
        }
    }

    @Test
    void everyServiceProducesAndConsumesSomething() {
        for (String service : SERVICES) {
            assertThat(Topic.producedBy(service)).as("%s produces", service).isNotEmpty();
            assertThat(Topic.consumedBy(service)).as("%s consumes", service).isNotEmpty();
        }
    }
}
