package io.ftcoach.task.domain.recommend;

import java.util.List;

/**
 * What the coach proposes, with why. {@code gpuFits} is false when no candidate fits the stated GPU: then
 * {@code execution} is {@code cloud} and the rationale says what memory the model needs — never a silent pick.
 *
 * @param approach     the approach by data size (spec §2.1 data-size tree)
 * @param baseModel    Hugging Face id of the base model
 * @param method       the fine-tuning method
 * @param lora         LoRA rank and alpha; null for full fine-tuning
 * @param epochs       epochs to start with
 * @param epochRange   the range the knowledge base gives, e.g. "8–10"
 * @param learningRate learning rate
 * @param execution    where to train: local (the stated GPU, or unknown) or cloud
 * @param rationale    one line per decision, each citing the spec section it follows
 * @param warnings     what the person should know before starting
 */
public record Recommendation(Approach approach, String baseModel, Method method, Lora lora, int epochs,
                             String epochRange, double learningRate, boolean gpuFits, String execution,
                             List<String> rationale, List<String> warnings) {

    public Recommendation {
        rationale = List.copyOf(rationale);
        warnings = List.copyOf(warnings);
    }

    public record Lora(int r, int alpha) {
    }

    /** The data-size tree of spec §2.1. */
    public enum Approach {
        FEW_SHOT_OR_COLLECT("<100 samples: few-shot prompting, or collect more data first (§2.1)"),
        LORA_WITH_AUGMENTATION("100–499 samples: LoRA r=16–32 plus data augmentation (§2.1)"),
        SFT_LORA("500–1999 samples: SFT with LoRA r=32–64 (§2.1)"),
        FULL_OR_PREFERENCE("≥2000 samples: full fine-tuning, or ORPO/DPO (§2.1)");

        private final String description;

        Approach(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        public static Approach forDataSize(int n) {
            if (n < 100) {
                return FEW_SHOT_OR_COLLECT;
            }
            if (n < 500) {
                return LORA_WITH_AUGMENTATION;
            }
            if (n < 2000) {
                return SFT_LORA;
            }
            return FULL_OR_PREFERENCE;
        }
    }
}
