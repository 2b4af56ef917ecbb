package io.ftcoach.coach.clients;

import io.ftcoach.coach.domain.platform.DataIngest;
import io.ftcoach.coach.domain.platform.DataSnapshot;
import io.ftcoach.coach.domain.platform.DataValidation;
import io.ftcoach.coach.domain.platform.EnvVariable;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import static io.ftcoach.coach.clients.ServiceHttp.number;
import static io.ftcoach.coach.clients.ServiceHttp.seg;
import static io.ftcoach.coach.clients.ServiceHttp.text;

/** data-ingest-service's REST API (DataSourceController, SnapshotController). */
public final class HttpDataIngest implements DataIngest {

    public static final String NAME = "data-ingest-service";

    private final ServiceHttp http;

    public HttpDataIngest(String baseUrl, String apiToken, Duration timeout) {
        this.http = new ServiceHttp(NAME, baseUrl, apiToken, timeout);
    }

    @Override
    public List<EnvVariable> putDataSource(String task, String yaml) {
        return env(http.put(base(task) + "/data-source", "application/yaml", yaml).path("environment"));
    }

    @Override
    public Optional<String> dataSource(String task) {
        try {
            return Optional.of(http.getText(base(task) + "/data-source"));
        } catch (NoSuchElementException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<EnvVariable> environment(String task) {
        return env(http.get(base(task) + "/data-source/env").path("variables"));
    }

    @Override
    public String run(String task) {
        return text(http.post(base(task) + "/data-source/run", null), "snapshotId");
    }

    @Override
    public List<DataSnapshot> snapshots(String task) {
        List<DataSnapshot> out = new ArrayList<>();
        http.get(base(task) + "/snapshots").forEach(n -> out.add(new DataSnapshot(text(n, "snapshotId"),
                text(n, "createdAt"), n.path("trainCount").asLong(), n.path("validCount").asLong(),
                n.path("testCount").asLong(), counts(n.path("classDistribution")))));
        return out;
    }

    @Override
    public DataValidation validation(String task, String snapshotId) {
        JsonNode n = http.get(base(task) + "/snapshots/" + seg(snapshotId) + "/validation");
        List<String> issues = new ArrayList<>();
        n.path("issues").forEach(i -> issues.add(i.isObject() && i.hasNonNull("message")
                ? i.get("message").asString() : i.isObject() ? i.toString() : i.asString()));
        return new DataValidation(text(n, "verdict"), issues, counts(n.path("classDistribution")),
                number(n, "imbalanceRatio"), text(n, "summary"));
    }

    private static String base(String task) {
        return "/api/tasks/" + seg(task);
    }

    private static List<EnvVariable> env(JsonNode array) {
        List<EnvVariable> out = new ArrayList<>();
        array.forEach(v -> out.add(new EnvVariable(text(v, "name"), v.path("set").asBoolean())));
        return out;
    }

    private static Map<String, Long> counts(JsonNode n) {
        Map<String, Long> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }
}
