package io.ftcoach.schemas.topics;

import java.util.stream.Collectors;

/** Renders the topic catalogue as the Markdown table kept in {@code docs/topics.md}. */
public final class TopicCatalogueDoc {

    private TopicCatalogueDoc() {
    }

    public static String markdownTable() {
        StringBuilder out = new StringBuilder();
        out.append("| topic | event | key | producer | consumers | partitions | retention | dead letters |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Topic t : Topic.values()) {
            out.append("| `").append(t.topicName()).append("` | ").append(t.eventName())
                    .append(" | task id | ").append(t.producer())
                    .append(" | ").append(t.consumers().stream().collect(Collectors.joining(", ")))
                    .append(" | ").append(t.partitions())
                    .append(" | ").append(t.retention().map(d -> d.toDays() + " days").orElse("forever"))
                    .append(" | `").append(t.deadLetterTopicName()).append("` |\n");
        }
        return out.toString();
    }
}
