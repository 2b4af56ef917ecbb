package io.ftcoach.coach.clients;

import io.ftcoach.coach.domain.routing.LanguageModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Any OpenAI-compatible chat-completions endpoint ({@code POST {url}/chat/completions}), asked to name one intent.
 * Failures and answers outside the list are "cannot tell": the rules' answer stands.
 */
public final class OpenAiCompatibleModel implements LanguageModel {

    private static final Logger log = LoggerFactory.getLogger(OpenAiCompatibleModel.class);

    private final ServiceHttp http;
    private final String model;

    /** @param apiKey from an environment variable; sent as a bearer token, never logged */
    public OpenAiCompatibleModel(String url, String model, String apiKey, Duration timeout) {
        this.http = new ServiceHttp("language model", url, apiKey, timeout);
        this.model = model;
    }

    @Override
    public Optional<String> intentOf(String text, List<String> intentIds) {
        Map<String, Object> body = Map.of("model", model, "temperature", 0, "messages", List.of(
                Map.of("role", "system", "content", "You route messages of a fine-tuning coach. Answer with exactly "
                        + "one of these intent ids and nothing else: " + String.join(", ", intentIds)
                        + ", or unknown."),
                Map.of("role", "user", "content", text)));
        try {
            JsonNode answer = http.post("/chat/completions", body);
            String content = answer.path("choices").path(0).path("message").path("content").asString("")
                    .strip().toLowerCase(Locale.ROOT).replaceAll("[`\"']", "").replaceAll("\\.$", "");
            return intentIds.contains(content) ? Optional.of(content) : Optional.empty();
        } catch (RuntimeException e) {
            log.info("The language model could not help: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
