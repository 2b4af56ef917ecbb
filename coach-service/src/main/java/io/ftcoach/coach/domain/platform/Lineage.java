package io.ftcoach.coach.domain.platform;

import java.util.List;
import java.util.Map;

/** lineage-service, as the coach uses it; failures as in {@link TaskService}. */
public interface Lineage {

    /** Oldest first; empty for a task without recorded versions. */
    List<VersionInfo> versions(String task);

    /** versions/{v}/lineage.yaml as fields. */
    Map<String, Object> lineage(String task, String version);

    /** The comparison of two versions as Markdown tables (config, performance, per-class diff). */
    String compare(String task, String from, String to);
}
