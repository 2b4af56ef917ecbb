package io.ftcoach.support.api;

import io.ftcoach.infra.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP guard in a real servlet context: no start beyond loopback without a token, and the token checked. */
class ApiGuardInContextTest {

    @SpringBootApplication
    @RestController
    static class GuardedApp {
        @GetMapping("/api/things")
        List<String> things() {
            return List.of("thing");
        }
    }

    private static String[] args(Path home, String... extra) {
        List<String> args = new ArrayList<>();
        TestInfrastructure.shared().springProperties().forEach((k, v) -> args.add("--" + k + "=" + v));
        args.addAll(List.of("--spring.application.name=guard-test", "--ftcoach.service.enabled=true",
                "--server.port=0", "--ftcoach.workspace=" + home.resolve("ws"), "--ftcoach.state-dir=" + home.resolve("st")));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutAToken(@TempDir Path home) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GuardedApp.class).run(args(home, "--server.address=0.0.0.0")))
                .rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("guard-test").hasMessageContaining("FTCOACH_API_TOKEN");
    }

    @Test
    void withATokenEveryEndpointButHealthRequiresIt(@TempDir Path home) throws Exception {
        try (var ctx = new SpringApplicationBuilder(GuardedApp.class)
                .run(args(home, "--server.address=0.0.0.0", "--ftcoach.api-token=tok-123"))) {
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            assertThat(send(http, base + "/api/things", null).statusCode()).isEqualTo(401);
            assertThat(send(http, base + "/v3/api-docs", null).statusCode()).isEqualTo(401);
            assertThat(send(http, base + "/actuator/prometheus", "wrong").statusCode()).isEqualTo(401);
            var ok = send(http, base + "/api/things", "tok-123");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("thing");
            assertThat(send(http, base + "/actuator/health", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theChatPagesOriginMayCallTheApiFromABrowserAndNoOtherOrigin(@TempDir Path home) throws Exception {
        try (var ctx = new SpringApplicationBuilder(GuardedApp.class)
                .run(args(home, "--server.address=0.0.0.0", "--ftcoach.api-token=tok-123"))) {
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();
            String url = "http://127.0.0.1:" + port + "/api/things";
            var preflight = http.send(HttpRequest.newBuilder(URI.create(url))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://127.0.0.1:8080").header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "authorization").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(preflight.statusCode()).isEqualTo(200);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("http://127.0.0.1:8080");
            var get = http.send(HttpRequest.newBuilder(URI.create(url)).header("Origin", "http://localhost:8080")
                    .header("Authorization", "Bearer tok-123").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:8080");

            var foreign = http.send(HttpRequest.newBuilder(URI.create(url))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://evil.example").header("Access-Control-Request-Method", "GET").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    private static HttpResponse<String> send(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
