package io.ftcoach.coach.clients;

import io.ftcoach.coach.domain.platform.Lineage;
import io.ftcoach.coach.domain.platform.VersionInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ftcoach.coach.clients.ServiceHttp.number;
import static io.ftcoach.coach.clients.ServiceHttp.seg;
import static io.ftcoach.coach.clients.ServiceHttp.text;

/** lineage-service's REST API (LineageController, ComparisonController). */
public final class HttpLineage implements Lineage {

    public static final String NAME = "lineage-service";

    private final ServiceHttp http;

    public HttpLineage(String baseUrl, String apiToken, Duration timeout) {
        this.http = new ServiceHttp(NAME, baseUrl, apiToken, timeout);
    }

    @Override
    public List<VersionInfo> versions(String task) {
        List<VersionInfo> out = new ArrayList<>();
        http.get("/api/tasks/" + seg(task) + "/versions").forEach(n -> out.add(new VersionInfo(text(n, "version"),
                text(n, "parent"), text(n, "dataSnapshotId"), text(n, "primaryMetric"), number(n, "primaryValue"),
                number(n, "threshold"), n.hasNonNull("passed") ? n.get("passed").asBoolean() : null)));
        return out;
    }

    @Override
    public Map<String, Object> lineage(String task, String version) {
        return HttpTaskService.fields(http.get("/api/tasks/" + seg(task) + "/versions/" + seg(version) + "/lineage"));
    }

    @Override
    public String compare(String task, String from, String to) {
        return http.getText("/api/tasks/" + seg(task) + "/compare?from=" + seg(from) + "&to=" + seg(to)
                + "&format=markdown");
    }
}
