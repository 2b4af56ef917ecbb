package io.ftcoach.platform.cli;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * coach-service's chat contract over HTTP: open a session, post a message, follow the session's server-sent events.
 * The API token goes in the Authorization header only; it never appears in a message or an error.
 */
final class ChatClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ChatClient(String baseUrl, String token) {
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        try {
            this.base = URI.create(url + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url " + baseUrl + " is not a URL: " + e.getMessage());
        }
        if (base.getScheme() == null || !base.getScheme().matches("https?") || base.getHost() == null) {
            throw new IllegalArgumentException("--url " + baseUrl + " is not an http(s) URL with a host, "
                    + "e.g. http://127.0.0.1:8080");
        }
        this.token = token == null || token.isBlank() ? null : token.strip();
    }

    /** A refusal by the service, with its own explanation (the {@code detail} of its problem response). */
    static final class ChatException extends IOException {
        final int status;

        ChatException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    String openSession() throws IOException, InterruptedException {
        JsonNode body = send(request("api/chat/sessions").POST(HttpRequest.BodyPublishers.noBody()), 201);
        String id = body.path("sessionId").asString("");
        if (id.isBlank()) {
            throw new ChatException(201, "coach-service answered without a sessionId: " + body);
        }
        return id;
    }

    JsonNode post(String sessionId, String text) throws IOException, InterruptedException {
        ObjectNode message = JSON.createObjectNode().put("text", text);
        return send(request("api/chat/sessions/" + encode(sessionId) + "/messages")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message))), 200);
    }

    /**
     * Reads the session's event stream until it ends, handing each named event and its data to {@code onEvent}.
     *
     * @throws ChatException with the HTTP status when the stream is refused (404 while the service has no stream)
     */
    void follow(String sessionId, BiConsumer<String, String> onEvent) throws IOException, InterruptedException {
        HttpRequest r = request("api/chat/sessions/" + encode(sessionId) + "/events")
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> response = http.send(r, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (response.statusCode() != 200 || !type.startsWith("text/event-stream")) {
                throw new ChatException(response.statusCode(), "no event stream (HTTP " + response.statusCode() + ")");
            }
            String name = "message";
            StringBuilder data = new StringBuilder();
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        onEvent.accept(name, data.toString());
                    }
                    name = "message";
                    data.setLength(0);
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    if (field.equals("event")) {
                        name = value;
                    } else if (field.equals("data")) {
                        data.append(data.isEmpty() ? "" : "\n").append(value);
                    }
                }
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode body;
        try {
            body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (JacksonException e) {
            body = null;
        }
        if (response.statusCode() != expected) {
            String why = response.statusCode() == 401
                    ? "coach-service wants an API token: set FTCOACH_API_TOKEN to the platform's token"
                    : body == null ? "HTTP " + response.statusCode()
                    : body.path("detail").asString(body.path("message").asString("HTTP " + response.statusCode()));
            throw new ChatException(response.statusCode(), why);
        }
        if (body == null) {
            throw new ChatException(response.statusCode(), "coach-service answered with something that is not JSON");
        }
        return body;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    URI base() {
        return base;
    }
}
