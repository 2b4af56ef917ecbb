package io.ftcoach.dispatcher.domain.deploy;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * One remote HTTP API a target talks to, and how its failures read to a person: an unreachable server, a refused
 * credential (401/403) and any other error status each become a {@link DeploymentException} that names the
 * service, the call, the status and the server's own words, with the fix. Credentials never appear in them.
 */
final class RemoteApi {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BODY_IN_MESSAGE = 300;

    private final HttpClient http;
    private final String service;
    private final String unreachableFix;
    private final String credentialFix;
    private final Duration timeout;

    RemoteApi(HttpClient http, String service, Duration timeout, String unreachableFix, String credentialFix) {
        this.http = http;
        this.service = service;
        this.timeout = timeout;
        this.unreachableFix = unreachableFix;
        this.credentialFix = credentialFix;
    }

    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout);
    }

    static HttpRequest.BodyPublisher json(Object body) {
        return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    }

    /**
     * Sends and answers the response when its status is 2xx or one of {@code alsoOk}.
     *
     * @param what the call in a person's words, e.g. "create the repository org/x"
     * @param fix  what to do when the server answers an error other than 401/403
     */
    HttpResponse<String> send(HttpRequest request, String what, String fix, int... alsoOk) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeploymentException(FailureCategory.UNREACHABLE,
                    "Cannot reach " + service + " at " + origin(request.uri()) + " to " + what
                    + ": " + describe(e) + ".", unreachableFix, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(FailureCategory.INTERRUPTED,
                    "Interrupted while trying to " + what + " on " + service + ".",
                    "Request the deployment again.", e);
        }
        int status = response.statusCode();
        if (status / 100 == 2 || Arrays.stream(alsoOk).anyMatch(s -> s == status)) {
            return response;
        }
        String said = excerpt(response.body());
        String problem = service + " answered " + status + " to " + request.method() + " " + request.uri().getPath()
                + " (" + what + ")" + (said.isEmpty() ? "" : ": " + said) + ".";
        if (status == 401 || status == 403) {
            throw new DeploymentException(FailureCategory.CREDENTIALS, problem, credentialFix);
        }
        throw new DeploymentException(FailureCategory.REMOTE_ERROR, problem, fix);
    }

    JsonNode sendForJson(HttpRequest request, String what, String fix, int... alsoOk) {
        HttpResponse<String> response = send(request, what, fix, alsoOk);
        String body = response.body();
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            throw new DeploymentException(FailureCategory.REMOTE_ERROR,
                    service + " answered " + what + " with something that is not JSON: "
                    + excerpt(body) + ".", "Check that the URL points at " + service + " and not at another server.", e);
        }
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    static String excerpt(String body) {
        if (body == null) {
            return "";
        }
        String s = body.strip().replaceAll("\\s+", " ");
        return s.length() <= MAX_BODY_IN_MESSAGE ? s : s.substring(0, MAX_BODY_IN_MESSAGE) + "…";
    }
}
