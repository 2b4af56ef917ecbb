package io.ftcoach.task.domain.recommend;

import java.util.List;
import java.util.Optional;

/** The base models of spec §3.2 that the rules of §2.1 point to, with their training memory. */
public final class ModelCatalog {

    // §3.2 "Training, LoRA r=32 vs QLoRA": 4B 16 vs 8 GB; 7–8B 24 vs 12 GB; 14B 48 vs 24 GB
    public static final BaseModel QWEN3_4B = new BaseModel("Qwen/Qwen3-4B", "Qwen3-4B (project default)", 16, 8,
            "4B: LoRA 16 GB, QLoRA 8 GB (§3.2)");
    public static final BaseModel QWEN3_8B = new BaseModel("Qwen/Qwen3-8B", "Qwen3-8B", 24, 12,
            "7–8B: LoRA 24 GB, QLoRA 12 GB (§3.2)");
    public static final BaseModel R1_DISTILL_7B = new BaseModel("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
            "DeepSeek-R1-Distill-Qwen-7B", 24, 12, "7–8B: LoRA 24 GB, QLoRA 12 GB (§3.2)");
    public static final BaseModel PHI4_MINI = new BaseModel("microsoft/Phi-4-mini-instruct", "Phi-4-Mini (3.8B)", 16, 8,
            "3.8B, taken as the 4B row: LoRA 16 GB, QLoRA 8 GB (§3.2)");
    // §3.2 Llama 3.3 row: "LoRA: multi-GPU / 80GB+ / 48GB+" (LoRA 80 GB+, 4-bit 48 GB+; rule of thumb 48–80GB runs 70B)
    public static final BaseModel LLAMA33_70B = new BaseModel("meta-llama/Llama-3.3-70B-Instruct", "Llama-3.3-70B", 80, 48,
            "70B: LoRA 80 GB+, 4-bit 48 GB+ (§3.2)");
    public static final BaseModel LLAMA31_8B = new BaseModel("meta-llama/Llama-3.1-8B-Instruct", "Llama-3.1-8B", 24, 12,
            "7–8B: LoRA 24 GB, QLoRA 12 GB (§3.2)");
    // §3.2 DeepSeek-V3 row: FP16 400GB+, INT4 100GB+
    public static final BaseModel DEEPSEEK_V3 = new BaseModel("deepseek-ai/DeepSeek-V3", "DeepSeek-V3 (671B MoE)", 400, 100,
            "671B MoE: FP16 400 GB+, INT4 100 GB+ (§3.2)");

    public static final List<BaseModel> ALL = List.of(QWEN3_4B, QWEN3_8B, R1_DISTILL_7B, PHI4_MINI, LLAMA33_70B,
            LLAMA31_8B, DEEPSEEK_V3);

    private ModelCatalog() {
    }

    public static Optional<BaseModel> byId(String id) {
        return ALL.stream().filter(m -> m.id().equalsIgnoreCase(id)).findFirst();
    }

    /** The smallest model with a training memory figure in §3.2 (the 4B row, QLoRA 8 GB). */
    public static BaseModel smallest() {
        return QWEN3_4B;
    }
}
