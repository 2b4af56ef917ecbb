package io.ftcoach.coach.clients;

import io.ftcoach.coach.domain.platform.NewTask;
import io.ftcoach.coach.domain.platform.Recommendation;
import io.ftcoach.coach.domain.platform.RecommendationQuery;
import io.ftcoach.coach.domain.platform.TaskInfo;
import io.ftcoach.coach.domain.platform.TaskService;
import io.ftcoach.coach.domain.platform.TrainingOrder;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ftcoach.coach.clients.ServiceHttp.integer;
import static io.ftcoach.coach.clients.ServiceHttp.number;
import static io.ftcoach.coach.clients.ServiceHttp.seg;
import static io.ftcoach.coach.clients.ServiceHttp.text;

/** task-service's REST API (TaskController, RecommendationController). */
public final class HttpTaskService implements TaskService {

    public static final String NAME = "task-service";

    private final ServiceHttp http;

    public HttpTaskService(String baseUrl, String apiToken, Duration timeout) {
        this.http = new ServiceHttp(NAME, baseUrl, apiToken, timeout);
    }

    @Override
    public List<TaskInfo> tasks() {
        List<TaskInfo> out = new ArrayList<>();
        http.get("/api/tasks").forEach(n -> out.add(task(n)));
        return out;
    }

    @Override
    public TaskInfo task(String name) {
        return task(http.get("/api/tasks/" + seg(name)));
    }

    @Override
    public TaskInfo create(NewTask t) {
        return task(http.post("/api/tasks", t));
    }

    @Override
    public TaskInfo patch(String name, Map<String, Object> patch) {
        return task(http.patch("/api/tasks/" + seg(name), patch));
    }

    @Override
    public Map<String, String> requestTraining(String name, TrainingOrder order) {
        Map<String, String> out = new LinkedHashMap<>();
        http.post("/api/tasks/" + seg(name) + "/trainings", order).properties()
                .forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }

    @Override
    public Map<String, Object> generate(String name) {
        return fields(http.post("/api/tasks/" + seg(name) + "/generate", Map.of()));
    }

    @Override
    public Map<String, Object> deploy(String name, String target, String version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", target);
        if (version != null) {
            body.put("version", version);
        }
        return fields(http.post("/api/tasks/" + seg(name) + "/deployments", body));
    }

    @Override
    public Recommendation recommend(RecommendationQuery q) {
        JsonNode n = http.post("/api/recommendations", q);
        JsonNode lora = n.path("lora");
        return new Recommendation(text(n, "approach"), text(n, "approachDescription"), text(n, "baseModel"),
                text(n, "method"), lora.isObject() ? integer(lora, "r") : null,
                lora.isObject() ? integer(lora, "alpha") : null, n.path("epochs").asInt(),
                n.path("learningRate").asDouble(), n.path("gpuFits").asBoolean(true), strings(n.path("rationale")),
                strings(n.path("warnings")));
    }

    static TaskInfo task(JsonNode n) {
        JsonNode training = n.path("training");
        JsonNode criteria = n.path("successCriteria");
        Double threshold = number(criteria, "threshold");
        Double lr = number(training, "learningRate");
        return new TaskInfo(text(n, "name"), text(n, "taskType"), text(n, "domain"), text(n, "language"),
                strings(n.path("labels")), lower(text(n, "status")), text(n, "activeVersion"),
                text(criteria, "primaryMetric"), threshold == null ? 0 : threshold, text(training, "baseModel"),
                text(training, "method"), integer(training, "loraR"), integer(training, "epochs"),
                lr == null ? 0 : lr, text(n, "executionBackend"), text(n, "updated"), number(criteria, "closeBand"));
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(v -> out.add(v.asString()));
        }
        return out;
    }

    static Map<String, Object> fields(JsonNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), ServiceHttp.JSON.convertValue(e.getValue(), Object.class)));
        return out;
    }
}
