package io.ftcoach.coach.events;

import io.ftcoach.coach.CoachServiceApplication;
import io.ftcoach.schemas.topics.Topic;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.annotation.KafkaListener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The listeners subscribe to exactly the topics the catalogue says the coach consumes, each topic once. */
class ListenerTopicsTest {

    private static final Pattern CATALOGUE_REF = Pattern.compile("Topic\\)\\.([A-Z_]+)\\.topicName\\(\\)");

    @Test
    void listenersCoverTheCatalogueOnceEach() {
        List<Topic> subscribed = new ArrayList<>();
        for (Class<?> listener : List.of(ActivityListener.class, EvaluationListener.class)) {
            for (Method m : listener.getDeclaredMethods()) {
                KafkaListener annotation = m.getAnnotation(KafkaListener.class);
                if (annotation == null) {
                    continue;
                }
                assertThat(annotation.idIsGroup()).as("%s shares the service's consumer group", listener).isFalse();
                for (String expression : annotation.topics()) {
                    Matcher matcher = CATALOGUE_REF.matcher(expression);
                    assertThat(matcher.find()).as("topic named through the catalogue: %s", expression).isTrue();
                    subscribed.add(Topic.valueOf(matcher.group(1)));
                }
            }
        }
        // a topic subscribed twice in one group would split its partitions between two listeners
        assertThat(subscribed).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(Topic.consumedBy(CoachServiceApplication.NAME));
    }
}
