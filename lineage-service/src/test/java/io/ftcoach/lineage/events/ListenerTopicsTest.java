package io.ftcoach.lineage.events;

import io.ftcoach.lineage.LineageServiceApplication;
import io.ftcoach.schemas.topics.Topic;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.annotation.KafkaListener;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What the listener subscribes to is what the catalogue says lineage consumes (a subset while it grows). */
class ListenerTopicsTest {

    private static final Pattern CATALOGUE_REF = Pattern.compile("Topic\\)\\.([A-Z_]+)\\.topicName\\(\\)");

    @Test
    void theVersionListenerReadsEveryTopicLineageIsBuiltFrom() throws Exception {
        KafkaListener annotation = VersionListener.class.getMethod("on", org.apache.avro.generic.IndexedRecord.class)
                .getAnnotation(KafkaListener.class);
        assertThat(annotation.idIsGroup()).as("listeners share the service's consumer group").isFalse();
        List<Topic> subscribed = new ArrayList<>();
        for (String expression : annotation.topics()) {
            Matcher matcher = CATALOGUE_REF.matcher(expression);
            assertThat(matcher.find()).as("topic named through the catalogue: %s", expression).isTrue();
            subscribed.add(Topic.valueOf(matcher.group(1)));
        }
        assertThat(subscribed).containsExactlyInAnyOrder(Topic.DATA_UPDATED, Topic.TRAINING_REQUESTED,
                Topic.TRAINING_COMPLETED, Topic.EVALUATION_READY, Topic.MODEL_DEPLOYED, Topic.ANALYSIS_COMPLETED);
        assertThat(LineageRecorder.TOPICS).as("a rebuild replays what the listener reads")
                .containsExactlyInAnyOrderElementsOf(subscribed);
        assertThat(Topic.consumedBy(LineageServiceApplication.NAME)).containsAll(subscribed);
    }
}
