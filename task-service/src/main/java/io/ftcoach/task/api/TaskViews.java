package io.ftcoach.task.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.ftcoach.task.domain.Task;
import io.ftcoach.task.domain.TrainingConfig;
import io.ftcoach.task.domain.versions.VersionEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the task endpoints answer: the task as task.yaml has it, plus what the pipeline's events told about it. */
final class TaskViews {

    private TaskViews() {
    }

    /** The active version's result on the task's own primary metric; value and passed are null until evaluated. */
    record Metric(String name, Double value, double threshold, Boolean passed) {

        static Metric of(Task task, VersionEntry version) {
            String name = task.successCriteria().primaryMetric();
            double threshold = task.successCriteria().threshold();
            Double value = version == null ? null : version.metric(name);
            return new Metric(name, value, threshold, value == null ? null : value >= threshold);
        }
    }

    /** A row of GET /api/tasks: status, active version, its primary metric, updated. */
    record Summary(@JsonUnwrapped Task task, Metric activeMetric) {
    }

    /** GET /api/tasks/{name}: the task with its version history, the active version marked. */
    record Detail(@JsonUnwrapped Task task, Metric activeMetric, List<VersionRow> versions) {
    }

    record VersionRow(String version, boolean active, String parent, String status, String requestedAt,
                      String evaluatedAt, Double primaryValue, Boolean passed, Map<String, Double> metrics,
                      List<String> changes, TrainingConfig config, String backend, String failure) {
    }

    static Detail detail(Task task, List<VersionEntry> history, List<String> recorded) {
        List<VersionRow> rows = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (VersionEntry v : history) {
            rows.add(row(task, v));
            seen.add(v.version());
        }
        for (String r : recorded) {
            if (!seen.contains(r)) {
                // recorded by lineage without a request task-service saw (e.g. trained by hand)
                rows.add(row(task, new VersionEntry(r, null, "recorded", null, null, null, null, List.of(), null,
                        Map.of(), null, null)));
            }
        }
        VersionEntry active = history.stream().filter(v -> v.version().equals(task.activeVersion())).findFirst()
                .orElse(null);
        return new Detail(task, Metric.of(task, active), rows);
    }

    private static VersionRow row(Task task, VersionEntry v) {
        Metric m = Metric.of(task, v);
        return new VersionRow(v.version(), v.version().equals(task.activeVersion()), v.parent(), v.status(),
                v.requestedAt(), v.evaluatedAt(), m.value(), m.passed(), v.metrics(), v.changes(), v.config(),
                v.backend(), v.failure());
    }
}
