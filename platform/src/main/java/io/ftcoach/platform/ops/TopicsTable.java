package io.ftcoach.platform.ops;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A {@link TopicsReport} as two plain-text tables, for a terminal. */
public final class TopicsTable {

    private TopicsTable() {
    }

    public static List<String> lines(TopicsReport report) {
        List<String> out = new ArrayList<>();
        out.add("Kafka " + report.bootstrapServers() + " at " + report.readAt().truncatedTo(ChronoUnit.SECONDS));
        out.add("");
        List<String[]> topics = new ArrayList<>();
        topics.add(new String[] {"TOPIC", "END OFFSETS", "RECORDS", "LAST EVENT", "DEAD LETTERS", "LAST DEAD LETTER"});
        for (TopicsReport.TopicRow t : report.topics()) {
            topics.add(new String[] {t.topic(),
                    t.endOffsets().stream().map(String::valueOf).collect(Collectors.joining(",")),
                    String.valueOf(t.records()), time(t.lastEventAt()),
                    t.deadLetterTopic() == null ? "-" : String.valueOf(t.deadLetters()), time(t.lastDeadLetterAt())});
        }
        out.addAll(table(topics));
        out.add("");
        if (report.groups().isEmpty()) {
            out.add("No consumer group has committed offsets on these topics.");
        } else {
            List<String[]> groups = new ArrayList<>();
            groups.add(new String[] {"CONSUMER GROUP", "TOPIC", "COMMITTED", "LAG", "STATE"});
            for (TopicsReport.GroupLag g : report.groups()) {
                groups.add(new String[] {g.group(), g.topic(), String.valueOf(g.committed()), String.valueOf(g.lag()),
                        g.state()});
            }
            out.addAll(table(groups));
        }
        long dead = report.totalDeadLetters();
        long lag = report.groups().stream().mapToLong(TopicsReport.GroupLag::lag).sum();
        out.add("");
        out.add(report.topics().size() + " topics, total lag " + lag + ", dead letters " + dead
                + (dead > 0 ? " (inspect the .dlt topics: their headers say why)" : ""));
        return out;
    }

    private static String time(Instant t) {
        return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static List<String> table(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]).append(" ".repeat(i == r.length - 1 ? 0 : width[i] - r[i].length() + 2));
            }
            out.add(line.toString().stripTrailing());
        }
        return out;
    }
}
