package io.ftcoach.dispatcher.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Where deployments go ({@code ftcoach.training-dispatcher.deploy}); every default works out of the box except the
 * Hub, which needs a token (HF_TOKEN) and an organisation (here, in task.yaml or in the request).
 *
 * @param requestTimeout how long one remote call may take; uploads of large models take minutes
 */
@ConfigurationProperties(prefix = "ftcoach.training-dispatcher.deploy")
public record DeploymentProperties(HuggingFace huggingface, Ollama ollama, Vllm vllm, Duration requestTimeout) {

    public DeploymentProperties {
        huggingface = huggingface == null ? new HuggingFace(null, null, null, null, false) : huggingface;
        ollama = ollama == null ? new Ollama(null) : ollama;
        vllm = vllm == null ? new Vllm(null, null) : vllm;
        requestTimeout = requestTimeout == null ? Duration.ofMinutes(30) : requestTimeout;
    }

    /** @param token from HF_TOKEN; masked in {@link #toString()} */
    public record HuggingFace(String endpoint, String token, String org, String prefix, boolean privateRepos) {
        public HuggingFace {
            endpoint = endpoint == null || endpoint.isBlank() ? "https://huggingface.co" : endpoint;
            prefix = prefix == null ? "ftcoach" : prefix;
        }

        @Override
        public String toString() {
            return "HuggingFace[endpoint=" + endpoint + ", token=" + (token == null || token.isBlank() ? "none" : "****")
                    + ", org=" + org + ", prefix=" + prefix + ", privateRepos=" + privateRepos + "]";
        }
    }

    public record Ollama(String url) {
        public Ollama {
            url = url == null || url.isBlank() ? "http://127.0.0.1:11434" : url;
        }
    }

    /**
     * @param endpoint a running vLLM to smoke-test after writing the guide; blank for none
     * @param apiKey   from VLLM_API_KEY; masked in {@link #toString()}
     */
    public record Vllm(String endpoint, String apiKey) {
        @Override
        public String toString() {
            return "Vllm[endpoint=" + endpoint + ", apiKey=" + (apiKey == null || apiKey.isBlank() ? "none" : "****")
                    + "]";
        }
    }
}
