package io.ftcoach.task.domain.recommend;

import io.ftcoach.task.domain.recommend.Recommendation.Approach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules and numbers of spec §2.1 and §3.2, one row per case. */
class RecommenderTest {

    private final Recommender recommender = new Recommender();

    private static Double gpu(String s) {
        return s == null || s.isBlank() ? null : Double.valueOf(s);
    }

    private static List<Need> needs(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split("\\+")).map(Need::parse).toList();
    }

    @ParameterizedTest(name = "{0} samples → {1}")
    @CsvSource({
            "0,    FEW_SHOT_OR_COLLECT",
            "99,   FEW_SHOT_OR_COLLECT",
            "100,  LORA_WITH_AUGMENTATION",
            "499,  LORA_WITH_AUGMENTATION",
            "500,  SFT_LORA",
            "1999, SFT_LORA",
            "2000, FULL_OR_PREFERENCE",
            "50000, FULL_OR_PREFERENCE"})
    void approachByDataSize(int n, Approach expected) {
        Recommendation r = recommender.recommend(RecommendationRequest.of(n, "zh-TW", 24.0));
        assertThat(r.approach()).isEqualTo(expected);
        assertThat(r.rationale().get(0)).contains("§2.1").contains(n + " samples");
    }

    @ParameterizedTest(name = "{0} samples → r{1} α{2}, {3} epochs ({4}), lr {5}")
    @CsvSource({
            // §3.2 rank by data size and SFT epochs/LR by data size
            "100,  16,  32,  8, 8–10, 1e-5",
            "499,  16,  32,  8, 8–10, 1e-5",
            "500,  32,  64,  5, 5–8,  1e-5",
            "1999, 32,  64,  5, 5–8,  1e-5",
            "2000, 64,  128, 3, 3–5,  5e-6",
            "5000, 64,  128, 3, 3–5,  5e-6",
            "5001, 128, 256, 2, 2–3,  5e-6"})
    void loraEpochsAndLearningRateByDataSize(int n, int r, int alpha, int epochs, String range, double lr) {
        // 16 GB: Qwen3-4B with LoRA, never enough for full fine-tuning (80 GB)
        Recommendation rec = recommender.recommend(RecommendationRequest.of(n, "zh-TW", 16.0));
        assertThat(rec.method()).isEqualTo(Method.SFT_LORA);
        assertThat(rec.lora()).isEqualTo(new Recommendation.Lora(r, alpha));
        assertThat(rec.epochs()).isEqualTo(epochs);
        assertThat(rec.epochRange()).isEqualTo(range);
        assertThat(rec.learningRate()).isEqualTo(lr);
        assertThat(rec.rationale()).anyMatch(l -> l.contains("r=" + r + ", α=" + alpha) && l.contains("§3.2"));
    }

    @ParameterizedTest(name = "needs [{0}], {1}, {2} GB → {3} / {4}")
    @CsvSource({
            // need,          language, gpu, model,                                      method
            "chinese,         zh-TW,    16,  Qwen/Qwen3-4B,                              SFT_LORA",
            ",                zh-CN,    16,  Qwen/Qwen3-4B,                              SFT_LORA",
            ",                en,       ,    Qwen/Qwen3-4B,                              SFT_LORA",
            "chinese,         zh-TW,    12,  Qwen/Qwen3-4B,                              QLORA",
            "chinese,         zh-TW,    8,   Qwen/Qwen3-4B,                              QLORA",
            "reasoning,       en,       24,  deepseek-ai/DeepSeek-R1-Distill-Qwen-7B,    SFT_LORA",
            "reasoning,       en,       12,  deepseek-ai/DeepSeek-R1-Distill-Qwen-7B,    QLORA",
            "reasoning,       en,       10,  Qwen/Qwen3-4B,                              QLORA",
            "lightweight,     en,       16,  microsoft/Phi-4-mini-instruct,              SFT_LORA",
            "ecosystem,       en,       80,  meta-llama/Llama-3.3-70B-Instruct,          SFT_LORA",
            "ecosystem,       en,       48,  meta-llama/Llama-3.3-70B-Instruct,          QLORA",
            "ecosystem,       en,       24,  meta-llama/Llama-3.1-8B-Instruct,           SFT_LORA",
            "cost,            en,       141, deepseek-ai/DeepSeek-V3,                    QLORA",
            "cost,            en,       80,  Qwen/Qwen3-4B,                              SFT_LORA",
            "reasoning+cost,  en,       24,  deepseek-ai/DeepSeek-R1-Distill-Qwen-7B,    SFT_LORA"})
    void baseModelByNeedAndGpu(String need, String language, String gpuGb, String model, Method method) {
        Recommendation r = recommender.recommend(new RecommendationRequest(800, language, needs(need), gpu(gpuGb),
                "classification", false, false));
        assertThat(r.baseModel()).isEqualTo(model);
        assertThat(r.method()).isEqualTo(method);
        assertThat(r.gpuFits()).isTrue();
        assertThat(r.execution()).isEqualTo("local");
        assertThat(r.rationale()).anyMatch(l -> l.startsWith("Base model:") && l.contains("§"));
    }

    @ParameterizedTest(name = "{0}, {1} samples, pref={2}, align={3}, {4} GB → {5}")
    @CsvSource({
            // task type,      n,    preference, alignment, gpu, method,   r,  alpha, epochs, lr
            "classification,   800,  false,      false,     24,  SFT_LORA, 32, 64,    5,      1e-5",
            "extraction,       800,  true,       true,      24,  SFT_LORA, 32, 64,    5,      1e-5",
            "generation,       800,  true,       false,     24,  ORPO,     16, 32,    3,      5e-6",
            "generation,       800,  true,       true,      24,  DPO,      16, 32,    3,      1e-6",
            "generation,       300,  true,       false,     10,  ORPO,     16, 32,    3,      5e-6",
            "classification,   3000, false,      false,     80,  FULL,     ,   ,      3,      5e-6",
            "classification,   3000, false,      false,     48,  SFT_LORA, 64, 128,   3,      5e-6",
            "classification,   1999, false,      false,     80,  SFT_LORA, 32, 64,    5,      1e-5"})
    void methodByTaskAndData(String taskType, int n, boolean preference, boolean alignment, double gpuGb,
                             Method method, Integer r, Integer alpha, int epochs, double lr) {
        Recommendation rec = recommender.recommend(new RecommendationRequest(n, "zh-TW", List.of(), gpuGb, taskType,
                preference, alignment));
        assertThat(rec.method()).isEqualTo(method);
        assertThat(rec.lora()).isEqualTo(r == null ? null : new Recommendation.Lora(r, alpha));
        assertThat(rec.epochs()).isEqualTo(epochs);
        assertThat(rec.learningRate()).isEqualTo(lr);
    }

    @Test
    void classificationWithPreferenceDataStaysSftAndSaysWhy() {
        Recommendation r = recommender.recommend(new RecommendationRequest(800, "zh-TW", List.of(), 24.0,
                "classification", true, false));
        assertThat(r.warnings()).anyMatch(w -> w.contains("SFT suffices") && w.contains("§3.2"));
    }

    @ParameterizedTest(name = "{0} GB for [{1}] → honest cloud answer")
    @CsvSource({"6, chinese", "4, reasoning", "7.5, ecosystem", "2, lightweight"})
    void aGpuTooSmallForEveryCandidateGetsAnHonestAnswer(double gpuGb, String need) {
        Recommendation r = recommender.recommend(new RecommendationRequest(800, "en", needs(need), gpuGb,
                "classification", false, false));
        assertThat(r.gpuFits()).isFalse();
        assertThat(r.execution()).isEqualTo("cloud");
        assertThat(r.method()).isEqualTo(Method.QLORA);
        assertThat(r.warnings()).anyMatch(w -> w.contains("No candidate fits") && w.contains("8 GB with QLoRA")
                && w.contains("cloud backend") && w.contains("Qwen3-1.7B"));
        assertThat(r.rationale()).anyMatch(l -> l.contains("does not train") && l.contains("even with QLoRA"));
    }

    @Test
    void aSmallerModelIsNamedAsSuchNotSilentlyPicked() {
        Recommendation r = recommender.recommend(new RecommendationRequest(800, "en", List.of(Need.REASONING), 10.0,
                "classification", false, false));
        assertThat(r.baseModel()).isEqualTo("Qwen/Qwen3-4B");
        assertThat(r.warnings()).anyMatch(w -> w.contains("cannot train DeepSeek-R1-Distill-Qwen-7B")
                && w.contains("12 GB") && w.contains("cloud backend"));
    }

    @Test
    void fewSamplesAndChineseDataWarnings() {
        Recommendation few = recommender.recommend(RecommendationRequest.of(40, "zh-TW", null));
        assertThat(few.warnings()).anyMatch(w -> w.contains("few-shot prompting"));
        assertThat(few.rationale()).anyMatch(l -> l.contains("GPU memory not given"));

        Recommendation phi = recommender.recommend(RecommendationRequest.of(800, "zh-TW", 16.0, Need.LIGHTWEIGHT));
        assertThat(phi.warnings()).anyMatch(w -> w.contains("★★ in Chinese"));
        Recommendation llama = recommender.recommend(RecommendationRequest.of(800, "en", 80.0, Need.ECOSYSTEM));
        assertThat(llama.warnings()).anyMatch(w -> w.contains("700M"));
        assertThat(llama.lora()).isEqualTo(new Recommendation.Lora(16, 32));
    }

    @Test
    void everyRecommendationCarriesItsRationale() {
        for (Need need : Need.values()) {
            for (int n : new int[]{50, 300, 1000, 3000, 9000}) {
                Recommendation r = recommender.recommend(RecommendationRequest.of(n, "en", 24.0, need));
                assertThat(r.rationale()).hasSizeGreaterThanOrEqualTo(5).allMatch(l -> !l.isBlank());
                assertThat(r.rationale()).filteredOn(l -> l.contains("§")).hasSizeGreaterThanOrEqualTo(4);
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-1 | zh-TW | 8 | classification | dataSize must be 0 or more",
            "10 | zh-TW | 0 | classification | gpuMemoryGb must be between",
            "10 | zh-TW | 8 | poetry         | taskType 'poetry' is not known"})
    void badInputIsRefused(int n, String language, double gpuGb, String taskType, String message) {
        assertThatThrownBy(() -> new RecommendationRequest(n, language, List.of(), gpuGb, taskType, false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({"1e-5, 1e-5", "5e-6, 5e-6", "1e-6, 1e-6", "2e-5, 2e-5"})
    void learningRatesAreWrittenAsTheKnowledgeBaseWritesThem(double lr, String text) {
        assertThat(Recommender.lrText(lr)).isEqualTo(text);
    }

    @Test
    void unknownNeedIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> Need.parse("speed")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need 'speed' is not known").hasMessageContaining("chinese, reasoning");
        assertThat(Need.parse("lightweight-deployment")).isEqualTo(Need.LIGHTWEIGHT);
    }
}
