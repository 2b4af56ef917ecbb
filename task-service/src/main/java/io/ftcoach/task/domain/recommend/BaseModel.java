package io.ftcoach.task.domain.recommend;

/**
 * A base model the recommender can pick, with the GPU memory it needs to train (spec §3.2, "Dense VRAM rules",
 * training with LoRA r=32 vs QLoRA). Full fine-tuning is estimated from §3.2 "Memory relative to full FT:
 * LoRA ~20%", i.e. five times the LoRA figure.
 *
 * @param id          the Hugging Face id written to task.yaml
 * @param loraGb      GPU memory to train with LoRA
 * @param qloraGb     GPU memory to train with QLoRA (4-bit)
 * @param sizeNote    where the memory figures come from, for the rationale
 */
public record BaseModel(String id, String displayName, double loraGb, double qloraGb, String sizeNote) {

    public double fullGb() {
        return loraGb * 5;
    }
}
