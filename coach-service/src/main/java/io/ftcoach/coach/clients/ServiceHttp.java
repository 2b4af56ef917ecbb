package io.ftcoach.coach.clients;

import io.ftcoach.coach.domain.platform.ServiceUnavailableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.NoSuchElementException;

/**
 * JSON over HTTP to one other service: forwards the platform's API token, and turns the service's answers into the
 * exceptions the coach understands (404 → NoSuchElement, 400/422 → IllegalArgument, 409 → IllegalState, anything
 * else or no answer → {@link ServiceUnavailableException}), keeping the service's own {@code detail}.
 */
final class ServiceHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String service;
    private final String baseUrl;
    private final String apiToken;
    private final Duration timeout;
    private final HttpClient http;

    ServiceHttp(String service, String baseUrl, String apiToken, Duration timeout) {
        this.service = service;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    static String seg(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) {
        return json(send(request(path).GET().build()));
    }

    String getText(String path) {
        return send(request(path).GET().build());
    }

    JsonNode post(String path, Object body) {
        return json(send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : JSON.writeValueAsString(body)))
                .build()));
    }

    JsonNode patch(String path, Object body) {
        return json(send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build()));
    }

    JsonNode put(String path, String contentType, String body) {
        return json(send(request(path).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build()));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
        if (apiToken != null) {
            b.header("Authorization", "Bearer " + apiToken);
        }
        return b;
    }

    private String send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ServiceUnavailableException(service, baseUrl, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException(service, baseUrl, "interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        String detail = service + ": " + detail(response.body(), status);
        switch (status) {
            case 400, 422 -> throw new IllegalArgumentException(detail);
            case 404 -> throw new NoSuchElementException(detail);
            case 409 -> throw new IllegalStateException(detail);
            case 401, 403 -> throw new ServiceUnavailableException(service, baseUrl, "it refused the API token ("
                    + status + "); set FTCOACH_API_TOKEN to the platform's token", null);
            default -> throw new ServiceUnavailableException(service, baseUrl, "HTTP " + status + ", " + detail, null);
        }
    }

    private static String detail(String body, int status) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node.hasNonNull("detail")) {
                return node.get("detail").asString();
            }
            if (node.hasNonNull("message")) {
                return node.get("message").asString();
            }
        } catch (JacksonException e) {
            // not a problem document: show the start of the body
        }
        String text = body == null ? "" : body.strip();
        return text.isEmpty() ? "HTTP " + status : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new ServiceUnavailableException(service, baseUrl, "it answered something that is not JSON", e);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    static Double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isNumber() ? null : v.asDouble();
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isNumber() ? null : v.asInt();
    }
}
