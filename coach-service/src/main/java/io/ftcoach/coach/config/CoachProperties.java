package io.ftcoach.coach.config;

import io.ftcoach.coach.domain.ResultAnalyzer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * coach-service settings.
 *
 * @param closeBand         result-analyzer's "close to target" band: a primary metric at most this far below the
 *                          threshold is CLOSE, further below is SIGNIFICANT_GAP (spec §2.4 leaves the boundary open).
 * @param taskServiceUrl    task-service's base URL
 * @param dataIngestUrl     data-ingest-service's base URL
 * @param dispatcherUrl     training-dispatcher's base URL
 * @param lineageUrl        lineage-service's base URL
 * @param serviceTimeout    how long the coach waits for another service before telling the person it is down
 * @param llmUrl            an OpenAI-compatible endpoint's base URL (e.g. http://127.0.0.1:11434/v1); empty: none
 * @param llmModel          the model to ask there
 * @param llmApiKey         its key, from the environment (FTCOACH_LLM_API_KEY) only; never logged
 */
@ConfigurationProperties(prefix = "ftcoach.coach")
public record CoachProperties(@DefaultValue("" + ResultAnalyzer.DEFAULT_CLOSE_BAND) double closeBand,
                              @DefaultValue("http://127.0.0.1:8082") String taskServiceUrl,
                              @DefaultValue("http://127.0.0.1:8083") String dataIngestUrl,
                              @DefaultValue("http://127.0.0.1:8084") String dispatcherUrl,
                              @DefaultValue("http://127.0.0.1:8085") String lineageUrl,
                              @DefaultValue("10s") Duration serviceTimeout,
                              @DefaultValue("") String llmUrl,
                              @DefaultValue("") String llmModel,
                              @DefaultValue("") String llmApiKey) {

    public boolean hasLlm() {
        return llmUrl != null && !llmUrl.isBlank() && llmModel != null && !llmModel.isBlank();
    }

    @Override
    public String toString() {
        return "CoachProperties[closeBand=" + closeBand + ", taskServiceUrl=" + taskServiceUrl + ", dataIngestUrl="
                + dataIngestUrl + ", dispatcherUrl=" + dispatcherUrl + ", lineageUrl=" + lineageUrl
                + ", serviceTimeout=" + serviceTimeout + ", llmUrl=" + llmUrl + ", llmModel=" + llmModel
                + ", llmApiKey=" + (llmApiKey == null || llmApiKey.isBlank() ? "none" : "****") + "]";
    }
}
