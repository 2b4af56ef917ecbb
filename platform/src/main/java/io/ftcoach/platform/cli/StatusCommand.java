package io.ftcoach.platform.cli;

import io.ftcoach.platform.launcher.PlatformSettings;
import io.ftcoach.platform.launcher.ServiceApp;
import picocli.CommandLine.Command;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show whether the registry and each service answer their health endpoint.")
final class StatusCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        PlatformSettings settings = PlatformSettings.fromEnvironment(System.getenv());
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("schema-registry", settings.externalRegistry() != null ? settings.externalRegistry()
                : "http://127.0.0.1:" + settings.registryPort());
        for (ServiceApp app : ServiceApp.ALL) {
            urls.put(app.name(), "http://127.0.0.1:" + settings.servicePorts().get(app.name()));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int down = 0;
        for (var e : urls.entrySet()) {
            String state;
            try {
                HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(e.getValue() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(3));
                if (settings.apiToken() != null) {
                    r.header("Authorization", "Bearer " + settings.apiToken());
                }
                HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
                state = response.statusCode() == 200 ? "UP" : "DOWN (HTTP " + response.statusCode() + ")";
            } catch (Exception ex) {
                state = "not reachable";
            }
            if (!state.equals("UP")) {
                down++;
            }
            System.out.printf("%-20s %-28s %s%n", e.getKey(), e.getValue(), state);
        }
        return down == 0 ? 0 : 3;
    }
}
