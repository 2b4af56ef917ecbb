package io.ftcoach.task.domain.deploy;

import io.ftcoach.task.domain.SuccessCriteria;
import io.ftcoach.task.domain.versions.VersionEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentCheckTest {

    private static VersionEntry evaluated(Map<String, Double> metrics) {
        return new VersionEntry("v2", "v1", "evaluated", null, null, null, null, List.of(), null, metrics, null, null);
    }

    @ParameterizedTest(name = "{0} = {1} against {2}, force {3} → met {4}, forced {5}")
    @CsvSource(textBlock = """
            macro_f1, 0.815, 0.80, false, true,  false
            macro_f1, 0.80,  0.80, false, true,  false
            macro_f1, 0.72,  0.80, true,  false, true
            accuracy, 0.90,  0.85, false, true,  false
            """)
    void theTasksOwnPrimaryMetricDecides(String metric, double value, double threshold, boolean force, boolean met,
                                         boolean forced) {
        // macro_f1 is deliberately low when accuracy is the primary metric: only the named metric counts
        VersionEntry v = evaluated(Map.of(metric, value, "macro_f1".equals(metric) ? "accuracy" : "macro_f1", 0.1));
        DeploymentCheck check = DeploymentCheck.of("entity-sentiment", v, new SuccessCriteria(metric, threshold), force);
        assertThat(check.met()).isEqualTo(met);
        assertThat(check.forced()).isEqualTo(forced);
        assertThat(check.value()).isEqualTo(value);
    }

    @Test
    void belowTargetWithoutForceIsRefusedWithTheNumbersAndHowToForce() {
        assertThatThrownBy(() -> DeploymentCheck.of("entity-sentiment", evaluated(Map.of("macro_f1", 0.72)),
                new SuccessCriteria("macro_f1", 0.80), false))
                .isInstanceOf(DeploymentCheck.BelowTargetException.class)
                .hasMessageContaining("macro_f1 = 72.0%").hasMessageContaining("target macro_f1 ≥ 80.0%")
                .hasMessageContaining("\"force\": true");
        assertThatThrownBy(() -> DeploymentCheck.of("entity-sentiment", evaluated(Map.of()),
                new SuccessCriteria("macro_f1", 0.80), false))
                .hasMessageContaining("has no macro_f1 result yet").hasMessageContaining("evaluate it first");
    }

    @Test
    void targetsAndOptionsAreValidated() {
        DeploymentTarget hf = DeploymentTarget.of("huggingface", List.of("adapter", "gguf"), Map.of("org", "acme",
                "quantization", "q4_k_m"));
        assertThat(hf.eventOptions()).containsEntry("artifacts", "adapter,gguf").containsEntry("org", "acme");
        assertThat(DeploymentTarget.of("local", null, null).target()).isEqualTo("ollama");
        assertThat(DeploymentTarget.of("vllm", null, null).artifacts()).containsExactly("merged");
        assertThatThrownBy(() -> DeploymentTarget.of("s3", null, null)).hasMessageContaining("target 's3' is not one of");
        assertThatThrownBy(() -> DeploymentTarget.of("huggingface", List.of("onnx"), null))
                .hasMessageContaining("artifact 'onnx' is not one of adapter, merged, gguf, dataset");
        assertThatThrownBy(() -> DeploymentTarget.of("huggingface", null, Map.of("hf_token", "hf_abc")))
                .hasMessageContaining("looks like a secret").hasMessageNotContaining("hf_abc");
        assertThatThrownBy(() -> DeploymentTarget.of("ollama", null, Map.of("quantization", "q2")))
                .hasMessageContaining("quantization 'q2' is not one of q8_0, q4_k_m, f16");
    }
}
