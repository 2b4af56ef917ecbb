package io.ftcoach.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SchemaRegistryClient} over the Confluent REST API with {@code java.net.http}.
 *
 * <p>Ids are immutable, so id → schema and (subject, schema) → id answers are cached for the life of the
 * client; "latest" answers are not cached. Network failures and 5xx answers are retried with back-off;
 * 4xx answers are not, they become the matching {@link SchemaRegistryException}.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientSettings settings;
    private final HttpClient http;
    private final String authorization;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

    public RestSchemaRegistryClient(RegistryClientSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
        if (settings.bearerToken() != null && !settings.bearerToken().isBlank()) {
            this.authorization = "Bearer " + settings.bearerToken();
        } else if (settings.basicAuthUserInfo() != null && !settings.basicAuthUserInfo().isBlank()) {
            this.authorization = "Basic " + Base64.getEncoder()
                    .encodeToString(settings.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
        } else {
            this.authorization = null;
        }
    }

    @Override
    public int register(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
        int id = answer.path("id").asInt();
        remember(subject, schema, id);
        return id;
    }

    @Override
    public RegisteredSchema lookUp(String subject, Schema schema) {
        JsonNode answer = send("POST", "/subjects/" + enc(subject), schemaBody(schema));
        RegisteredSchema found = toRegistered(answer, subject);
        remember(subject, schema, found.id());
        return found;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        Schema schema = parse(answer.path("schema").asText(), "schema id " + id);
        schemasById.put(id, schema);
        return schema;
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        return toRegistered(send("GET", "/subjects/" + enc(subject) + "/versions/latest", null), subject);
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        return toRegistered(send("GET", "/subjects/" + enc(subject) + "/versions/" + version, null), subject);
    }

    @Override
    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        send("GET", "/subjects", null).forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> out = new ArrayList<>();
        send("GET", "/subjects/" + enc(subject) + "/versions", null).forEach(n -> out.add(n.asInt()));
        return out;
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        JsonNode answer = send("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest?verbose=true",
                schemaBody(schema));
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(n -> messages.add(n.asText()));
        return new CompatibilityResult(answer.path("is_compatible").asBoolean(false), messages);
    }

    @Override
    public String getCompatibilityLevel(String subject) {
        String path = subject == null ? "/config" : "/config/" + enc(subject) + "?defaultToGlobal=true";
        JsonNode answer = send("GET", path, null);
        return answer.has("compatibilityLevel") ? answer.get("compatibilityLevel").asText()
                : answer.path("compatibility").asText();
    }

    @Override
    public void setCompatibilityLevel(String subject, String level) {
        String path = subject == null ? "/config" : "/config/" + enc(subject);
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        send("PUT", path, body.toString());
    }

    private Integer cachedId(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private void remember(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        schemasById.putIfAbsent(id, schema);
    }

    private RegisteredSchema toRegistered(JsonNode answer, String subject) {
        int id = answer.path("id").asInt();
        Schema schema = parse(answer.path("schema").asText(), "subject " + subject);
        schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(answer.path("subject").asText(subject), id, answer.path("version").asInt(), schema);
    }

    private static Schema parse(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new SchemaRegistryException("The registry returned a schema for " + what
                    + " that is not valid Avro: " + e.getMessage(), 200, -1, e);
        }
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private JsonNode send(String method, String path, String body) {
        String request = method + " " + path;
        IOException lastFailure = null;
        for (String base : settings.urls()) {
            long backoff = settings.retryBackoff().toMillis();
            for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
                if (attempt > 0) {
                    sleep(backoff);
                    backoff *= 2;
                }
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(settings.requestTimeout())
                        .header("Accept", CONTENT_TYPE + ", application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
                if (body != null) {
                    b.header("Content-Type", CONTENT_TYPE);
                }
                if (authorization != null) {
                    b.header("Authorization", authorization);
                }
                HttpResponse<String> response;
                try {
                    response = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    lastFailure = e;
                    log.debug("{} at {} failed (attempt {}): {}", request, base, attempt + 1, e.toString());
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException.RegistryUnavailableException(request + " interrupted", e);
                }
                int status = response.statusCode();
                if (status >= 500 && attempt < settings.maxRetries()) {
                    log.debug("{} at {} answered {} (attempt {})", request, base, status, attempt + 1);
                    continue;
                }
                return readAnswer(request, status, response.body());
            }
        }
        throw new SchemaRegistryException.RegistryUnavailableException(
                "Schema registry unreachable at " + settings.urls() + " for " + request + " after "
                        + (settings.maxRetries() + 1) + " attempts per URL: "
                        + (lastFailure == null ? "no answer" : lastFailure.toString())
                        + ". Is it running? The embedded one starts with ./ftcoach up.", lastFailure);
    }

    private static JsonNode readAnswer(String request, int status, String text) {
        JsonNode json;
        try {
            json = text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new SchemaRegistryException(request + " answered HTTP " + status
                    + " with a body that is not JSON; is the URL a schema registry? Body starts: "
                    + text.substring(0, Math.min(200, text.length())), status, -1, e);
        }
        if (status >= 200 && status < 300) {
            return json;
        }
        int code = json.path("error_code").asInt(status);
        String message = json.path("message").asText("HTTP " + status);
        throw SchemaRegistryException.fromResponse(request, status, code, message);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException.RegistryUnavailableException("interrupted while retrying", e);
        }
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient[" + settings + "]";
    }
}
