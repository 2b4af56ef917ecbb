package io.ftcoach.coach.clients;

import io.ftcoach.coach.domain.platform.Dispatcher;
import io.ftcoach.coach.domain.platform.JobInfo;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.ftcoach.coach.clients.ServiceHttp.seg;
import static io.ftcoach.coach.clients.ServiceHttp.text;

/** training-dispatcher's REST API (JobController). */
public final class HttpDispatcher implements Dispatcher {

    public static final String NAME = "training-dispatcher";

    private final ServiceHttp http;

    public HttpDispatcher(String baseUrl, String apiToken, Duration timeout) {
        this.http = new ServiceHttp(NAME, baseUrl, apiToken, timeout);
    }

    @Override
    public List<JobInfo> jobs() {
        List<JobInfo> out = new ArrayList<>();
        http.get("/api/jobs").forEach(n -> out.add(job(n)));
        return out;
    }

    @Override
    public JobInfo job(String id) {
        return job(http.get("/api/jobs/" + seg(id)));
    }

    @Override
    public String log(String id) {
        return http.getText("/api/jobs/" + seg(id) + "/log");
    }

    private static JobInfo job(JsonNode n) {
        JsonNode request = n.path("request");
        JsonNode failure = n.path("failure");
        return new JobInfo(text(n, "id"), text(n, "state"), text(request, "taskId"), text(request, "version"),
                text(request, "backend"), failure.isObject() ? text(failure, "reason") : null);
    }
}
