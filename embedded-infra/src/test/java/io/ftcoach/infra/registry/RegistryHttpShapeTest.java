package io.ftcoach.infra.registry;

import io.ftcoach.infra.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static io.ftcoach.infra.registry.RegistrySchemas.V1;
import static io.ftcoach.infra.registry.RegistrySchemas.V1_TEXT;
import static io.ftcoach.infra.registry.RegistrySchemas.V3_BREAKING_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

/** Exact JSON of the answers, as a Confluent client (or curl) sees them. */
class RegistryHttpShapeTest {

    private static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base = TestInfrastructure.shared().registryUrl();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String subject = "http-shape-" + UUID.randomUUID() + "-value";

    @Test
    void registerAndReadAnswersHaveConfluentsShape() throws Exception {
        HttpResponse<String> registered = send("POST", "/subjects/" + subject + "/versions", schemaBody(V1_TEXT), V1_JSON);
        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(registered.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith(V1_JSON));
        int id = JSON.readTree(registered.body()).get("id").asInt();
        assertThat(registered.body()).isEqualTo("{\"id\":" + id + "}");

        JsonNode version = json("GET", "/subjects/" + subject + "/versions/1", null, 200);
        assertThat(fieldNames(version)).containsExactly("subject", "version", "id", "schema");
        assertThat(version.get("subject").asString()).isEqualTo(subject);
        assertThat(version.get("version").asInt()).isEqualTo(1);
        assertThat(version.get("id").asInt()).isEqualTo(id);
        assertThat(version.get("schema").asString()).isEqualTo(V1.toString());

        assertThat(send("GET", "/subjects/" + subject + "/versions/latest/schema", null, null).body())
                .isEqualTo(V1.toString());
        assertThat(send("GET", "/schemas/ids/" + id, null, null).body())
                .isEqualTo(JSON.writeValueAsString(JSON.createObjectNode().put("schema", V1.toString())));
        assertThat(send("GET", "/schemas/ids/" + id + "/versions", null, null).body())
                .contains("{\"subject\":\"" + subject + "\",\"version\":1}");
        assertThat(send("GET", "/subjects/" + subject + "/versions", null, null).body()).isEqualTo("[1]");
        assertThat(send("GET", "/schemas/types", null, null).body()).isEqualTo("[\"AVRO\"]");

        JsonNode lookup = json("POST", "/subjects/" + subject, schemaBody(V1_TEXT), 200);
        assertThat(fieldNames(lookup)).containsExactly("subject", "version", "id", "schema");
    }

    @Test
    void plainJsonIsAcceptedAndProducedWhenAskedFor() throws Exception {
        HttpResponse<String> registered = send("POST", "/subjects/" + subject + "/versions", schemaBody(V1_TEXT),
                "application/json", "application/json");
        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(registered.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
    }

    @Test
    void confluentsJavaClientHeadersAreUnderstood() throws Exception {
        // exactly what io.confluent:kafka-schema-registry-client sends
        String accept = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, "
                + "application/json; qs=0.5";
        HttpResponse<String> registered = send("POST", "/subjects/" + subject + "/versions?normalize=false",
                schemaBody(V1_TEXT), V1_JSON, accept);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(registered.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith(V1_JSON));
        int id = JSON.readTree(registered.body()).get("id").asInt();
        HttpResponse<String> byId = send("GET", "/schemas/ids/" + id + "?fetchMaxId=false&subject=" + subject, null,
                null, accept);
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(byId.body()).get("schema").asString()).isEqualTo(V1.toString());
    }

    @Test
    void compatibilityAnswersCarryMessagesOnlyWhenVerbose() throws Exception {
        send("POST", "/subjects/" + subject + "/versions", schemaBody(V1_TEXT), V1_JSON);
        String path = "/compatibility/subjects/" + subject + "/versions/latest";

        JsonNode verbose = json("POST", path + "?verbose=true", schemaBody(V3_BREAKING_TEXT), 200);
        assertThat(fieldNames(verbose)).containsExactly("is_compatible", "messages");
        assertThat(verbose.get("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.get("messages").get(0).asString()).contains("field 'reviewer'");

        assertThat(send("POST", path, schemaBody(V1_TEXT), V1_JSON).body()).isEqualTo("{\"is_compatible\":true}");
    }

    @Test
    void configAnswersUseConfluentsFieldNames() throws Exception {
        assertThat(fieldNames(json("GET", "/config", null, 200))).containsExactly("compatibilityLevel");
        expectError(send("GET", "/config/" + subject, null, null), 404, 40408, "subject-level compatibility");
        assertThat(send("PUT", "/config/" + subject, "{\"compatibility\":\"FULL\"}", V1_JSON).body())
                .isEqualTo("{\"compatibility\":\"FULL\"}");
        assertThat(send("GET", "/config/" + subject, null, null).body()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(send("DELETE", "/config/" + subject, null, null).body()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        expectError(send("PUT", "/config/" + subject, "{\"compatibility\":\"MAYBE\"}", V1_JSON), 422, 42203,
                "Invalid compatibility level 'MAYBE'");
    }

    @Test
    void errorsHaveConfluentsShapeAndCodes() throws Exception {
        expectError(send("GET", "/subjects/" + subject + "/versions", null, null), 404, 40401, subject);
        expectError(send("GET", "/schemas/ids/2147483647", null, null), 404, 40403, "Schema 2147483647 not found");
        expectError(send("POST", "/subjects/" + subject + "/versions",
                schemaBody("{\"type\":\"record\",\"name\":\"Broken\",\"fields\":[{\"name\":\"x\",\"type\":\"strnig\"}]}"),
                V1_JSON), 422, 42201, "Undefined schema: strnig");
        expectError(send("POST", "/subjects/" + subject + "/versions", "{\"schema\":\"not json at all\"}", V1_JSON),
                422, 42201, "Invalid schema");

        send("POST", "/subjects/" + subject + "/versions", schemaBody(V1_TEXT), V1_JSON);
        expectError(send("GET", "/subjects/" + subject + "/versions/abc", null, null), 422, 42202, "'abc'");
        expectError(send("GET", "/subjects/" + subject + "/versions/5", null, null), 404, 40402, "Version 5");
        expectError(send("POST", "/subjects/" + subject + "/versions", schemaBody(V3_BREAKING_TEXT), V1_JSON), 409, 409,
                "field 'reviewer'");
        expectError(send("GET", "/no/such/endpoint", null, null), 404, 404, "");
    }

    @Test
    void softDeleteRemovesTheSubjectButNotTheSchemaId() throws Exception {
        int id = json("POST", "/subjects/" + subject + "/versions", schemaBody(V1_TEXT), 200).get("id").asInt();
        assertThat(send("DELETE", "/subjects/" + subject, null, null).body()).isEqualTo("[1]");

        expectError(send("GET", "/subjects/" + subject + "/versions", null, null), 404, 40401, subject);
        assertThat(send("GET", "/subjects", null, null).body()).doesNotContain(subject);
        assertThat(send("GET", "/subjects?deleted=true", null, null).body()).contains(subject);
        assertThat(send("GET", "/schemas/ids/" + id, null, null).statusCode()).isEqualTo(200);
        expectError(send("DELETE", "/subjects/" + subject + "?permanent=true", null, null), 422, 42205, "soft-deleted");
    }

    private void expectError(HttpResponse<String> response, int status, int code, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(fieldNames(body)).containsExactly("error_code", "message");
        assertThat(body.get("error_code").asInt()).isEqualTo(code);
        assertThat(response.body()).contains(messagePart);
    }

    private JsonNode json(String method, String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = send(method, path, body, V1_JSON);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        return send(method, path, body, contentType, null);
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType, String accept)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String schemaBody(String schema) {
        return JSON.writeValueAsString(JSON.createObjectNode().put("schema", schema));
    }

    private static List<String> fieldNames(JsonNode node) {
        return List.copyOf(node.propertyNames());
    }
}
