package io.ftcoach.task.domain.recommend;

import io.ftcoach.task.domain.recommend.Recommendation.Approach;
import io.ftcoach.task.domain.recommend.Recommendation.Lora;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The knowledge base's rules as code: approach by data size, base model by need and GPU memory, method, LoRA
 * r/α, epochs and learning rate. Every number comes from spec §2.1 (goal-clarifier decision rules) or §3.2
 * (llm-knowledge); each decision adds a line to the rationale naming its source. Plain Java, no Spring.
 */
public final class Recommender {

    public Recommendation recommend(RecommendationRequest req) {
        List<String> why = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int n = req.dataSize();

        // --- approach, §2.1 data-size tree
        Approach approach = Approach.forDataSize(n);
        why.add("Approach: " + approach.description() + "; you have " + n + " samples.");
        if (approach == Approach.FEW_SHOT_OR_COLLECT) {
            warnings.add("With fewer than 100 samples, try few-shot prompting first or collect more data (§2.1); "
                    + "the training settings below apply only if you fine-tune anyway.");
        } else if (approach == Approach.LORA_WITH_AUGMENTATION) {
            warnings.add("Augment the data (synonym swap, back-translation, random deletion p=0.1, §3.2); the "
                    + "minimum for a 4B model is about 500 samples (params / 1000, §3.2).");
        }

        // --- method family, §2.1 "Method" and §3.2 methods decision tree
        boolean generative = req.taskType().equals("generation") || req.taskType().equals("qa");
        Method preference = null;
        if (generative && req.strongAlignment()) {
            preference = Method.DPO;
            why.add("Method: strong alignment needed → DPO (§2.1); it needs an SFT model first and a reference "
                    + "model (or ref_model=None with PEFT), data {prompt, chosen, rejected} (§3.2).");
            if (!req.preferenceData()) {
                warnings.add("DPO needs preference pairs {prompt, chosen, rejected} (§3.2); none are stated yet.");
            }
        } else if (generative && req.preferenceData()) {
            preference = Method.ORPO;
            why.add("Method: preference data available → ORPO, single stage with no reference model (§2.1, §3.2); "
                    + "it takes 1.7–2× the time of SFT.");
        } else {
            why.add("Method: standard " + req.taskType() + " → SFT with LoRA (§2.1).");
            if (!generative && (req.preferenceData() || req.strongAlignment())) {
                warnings.add("ORPO/DPO are not for classification or extraction, where SFT suffices (§3.2).");
            }
        }

        // --- base model by need, §2.1 "Base model"; candidates in order of preference
        Need primary = req.needs().isEmpty() ? (req.chineseLanguage() ? Need.CHINESE : null) : req.needs().get(0);
        List<BaseModel> chain = new ArrayList<>();
        if (primary == null) {
            chain.add(ModelCatalog.QWEN3_4B);
            why.add("Base model: no need stated → Qwen3-4B, the project default (§3.2).");
        } else {
            switch (primary) {
                case CHINESE -> {
                    chain.add(ModelCatalog.QWEN3_4B);
                    why.add("Base model: Chinese → Qwen3-4B/8B (§2.1); Qwen3-4B is the project default, Chinese ★★★, "
                            + "Apache-2.0 (§3.2).");
                    if (req.gpuMemoryGb() != null && req.gpuMemoryGb() >= ModelCatalog.QWEN3_8B.loraGb()) {
                        why.add("Your GPU also trains Qwen3-8B with LoRA (24 GB, §3.2): the step up if 4B falls short "
                                + "(§3.2 low-accuracy roadmap: a bigger model).");
                    }
                }
                case REASONING -> {
                    chain.add(ModelCatalog.R1_DISTILL_7B);
                    why.add("Base model: reasoning → DeepSeek-R1 (§2.1); its dense 7B distill, recommended for "
                            + "fine-tuning instead of the 671B MoE (§3.2).");
                }
                case LIGHTWEIGHT -> {
                    chain.add(ModelCatalog.PHI4_MINI);
                    why.add("Base model: lightweight deployment → Phi-4 (§2.1); Phi-4-Mini, 3.8B, 4 GB to serve, MIT "
                            + "(§3.2).");
                }
                case ECOSYSTEM -> {
                    chain.add(ModelCatalog.LLAMA33_70B);
                    chain.add(ModelCatalog.LLAMA31_8B);
                    why.add("Base model: ecosystem and tooling → Llama-3.3 (§2.1); Llama-3.1-8B when the GPU cannot "
                            + "train 70B (§3.2).");
                    warnings.add("Llama licence: more than 700M monthly users need a separate licence, and it may not "
                            + "be used to improve other LLMs (§3.2).");
                }
                case COST -> {
                    chain.add(ModelCatalog.DEEPSEEK_V3);
                    why.add("Base model: lowest cost → DeepSeek-V3, API cost about 1/17 (§2.1); fine-tuning the 671B "
                            + "MoE itself needs INT4 100 GB+ (§3.2).");
                }
                default -> throw new IllegalStateException(primary.name());
            }
            if (req.needs().size() > 1) {
                why.add("Also stated: " + req.needs().subList(1, req.needs().size()).stream()
                        .map(x -> x.name().toLowerCase(Locale.ROOT)).toList()
                        + "; the first need decides the model.");
            }
            if (req.chineseLanguage() && (primary == Need.LIGHTWEIGHT || primary == Need.ECOSYSTEM)) {
                warnings.add("Your data is Chinese (" + req.language() + "): " + chain.get(0).displayName()
                        + " rates ★★ in Chinese against ★★★ for Qwen3 (§3.2).");
            }
        }
        if (!chain.contains(ModelCatalog.smallest())) {
            chain.add(ModelCatalog.smallest()); // the smaller model of last resort, before giving up on this GPU
        }

        // --- fit to the GPU, §3.2 training memory (LoRA vs QLoRA; full FT = LoRA / 20%)
        Double gpu = req.gpuMemoryGb();
        boolean wantFull = approach == Approach.FULL_OR_PREFERENCE && preference == null;
        BaseModel model = null;
        Method method = null;
        if (gpu == null) {
            model = chain.get(0);
            method = preference != null ? preference : Method.SFT_LORA;
            why.add("GPU memory not given: " + model.displayName() + " needs " + model.sizeNote()
                    + "; tell the coach your GPU to check the fit.");
            if (wantFull) {
                why.add("Full fine-tuning needs about " + fmt(model.fullGb()) + " GB (LoRA is ~20% of full FT, §3.2); "
                        + "LoRA until the GPU is known.");
            }
        } else {
            for (BaseModel candidate : chain) {
                if (wantFull && gpu >= candidate.fullGb()) {
                    model = candidate;
                    method = Method.FULL;
                    why.add("GPU: " + fmt(gpu) + " GB trains " + candidate.displayName() + " fully (about "
                            + fmt(candidate.fullGb()) + " GB: LoRA is ~20% of full FT, §3.2).");
                } else if (gpu >= candidate.loraGb()) {
                    model = candidate;
                    method = preference != null ? preference : Method.SFT_LORA;
                    why.add("GPU: " + fmt(gpu) + " GB trains " + candidate.displayName() + " with LoRA ("
                            + candidate.sizeNote() + ")." + (wantFull ? " Full fine-tuning would need about "
                            + fmt(candidate.fullGb()) + " GB (§3.2), so LoRA." : ""));
                } else if (gpu >= candidate.qloraGb()) {
                    model = candidate;
                    method = preference != null ? preference : Method.QLORA;
                    why.add("GPU: " + fmt(gpu) + " GB is below LoRA's need for " + candidate.displayName() + " but fits "
                            + "QLoRA, 4-bit nf4 (" + candidate.sizeNote() + "; resource-limited → QLoRA).");
                    if (preference != null) {
                        warnings.add("Load the model in 4-bit (QLoRA) for " + preference + " to fit "
                                + fmt(gpu) + " GB (§3.2: CUDA OOM → QLoRA).");
                    }
                } else {
                    why.add("GPU: " + fmt(gpu) + " GB does not train " + candidate.displayName() + " even with QLoRA ("
                            + candidate.sizeNote() + ").");
                    continue;
                }
                if (candidate != chain.get(0)) {
                    warnings.add("Your " + fmt(gpu) + " GB GPU cannot train " + chain.get(0).displayName()
                            + " (QLoRA needs " + fmt(chain.get(0).qloraGb()) + " GB, §3.2): " + candidate.displayName()
                            + " instead. For " + chain.get(0).displayName() + " use a cloud backend with at least "
                            + fmt(chain.get(0).qloraGb()) + " GB.");
                }
                break;
            }
        }
        boolean fits = model != null;
        if (!fits) {
            model = chain.get(0);
            method = preference != null ? preference : Method.QLORA;
            BaseModel small = ModelCatalog.smallest();
            warnings.add("No candidate fits a " + fmt(gpu) + " GB GPU: the smallest model with a training figure, "
                    + small.displayName() + ", needs " + fmt(small.qloraGb()) + " GB with QLoRA (§3.2). Train on a "
                    + "cloud backend (skypilot: AWS, GCP, RunPod, Lambda) with at least " + fmt(model.qloraGb())
                    + " GB for " + model.displayName() + ", or try Qwen3-1.7B (listed at 4 GB for test/edge use; "
                    + "§3.2 gives no training figure for it).");
            why.add("Execution: cloud, because the stated GPU is too small for every candidate.");
        }

        // --- LoRA r and α
        Lora lora = null;
        if (method.usesLora()) {
            if (method == Method.DPO || method == Method.ORPO) {
                lora = new Lora(16, 32);
                why.add("LoRA r=16, α=32: the " + method + " setting (§3.2).");
            } else if (model == ModelCatalog.LLAMA33_70B || model == ModelCatalog.DEEPSEEK_V3) {
                lora = new Lora(16, 32);
                why.add("LoRA r=16, α=32: the " + (model == ModelCatalog.DEEPSEEK_V3 ? "MoE LoRA" : "Llama 70B")
                        + " setting, attention projections only for MoE (§3.2).");
            } else {
                lora = loraForDataSize(n);
                why.add("LoRA r=" + lora.r() + ", α=" + lora.alpha() + " (α = 2r): rank by data size, "
                        + loraBandNote(n) + " (§3.2).");
            }
        }

        // --- epochs and learning rate
        int epochs;
        String range;
        double lr;
        if (method == Method.DPO) {
            epochs = 3; range = "2–3"; lr = 1e-6; // §3.2 DPO: lr 1e-6, 3 epochs (2 against over-regularisation)
            why.add("Epochs 3, learning rate 1e-6, beta 0.1: DPO defaults (§3.2).");
        } else if (method == Method.ORPO) {
            epochs = 3; range = "3"; lr = 5e-6; // §3.2 ORPO: lr 5e-6, 3 epochs
            why.add("Epochs 3, learning rate 5e-6, beta 0.1: ORPO defaults (§3.2).");
        } else {
            // §3.2 SFT "Epochs and LR by data size": <500 8–10 / 1e-5; 500–2000 5–8 / 1e-5; 2000–5000 3–5 / 5e-6; >5000 2–3 / 5e-6
            if (n < 500) {
                epochs = 8; range = "8–10"; lr = 1e-5;
            } else if (n < 2000) {
                epochs = 5; range = "5–8"; lr = 1e-5;
            } else if (n <= 5000) {
                epochs = 3; range = "3–5"; lr = 5e-6;
            } else {
                epochs = 2; range = "2–3"; lr = 5e-6;
            }
            why.add("Epochs " + epochs + " (the low end of " + range + ") and learning rate " + lrText(lr)
                    + " for " + n + " samples (§3.2 SFT table); raise the epochs while the eval loss still falls.");
        }
        return new Recommendation(approach, model.id(), method, lora, epochs, range, lr, fits,
                fits ? "local" : "cloud", why, warnings);
    }

    /** §3.2 "Rank by data size": <500 16/32; 500–2000 32/64; 2000–5000 64/128; >5000 128/256 (2000 counts as ≥2000, §2.1). */
    static Lora loraForDataSize(int n) {
        if (n < 500) {
            return new Lora(16, 32);
        }
        if (n < 2000) {
            return new Lora(32, 64);
        }
        if (n <= 5000) {
            return new Lora(64, 128);
        }
        return new Lora(128, 256);
    }

    private static String loraBandNote(int n) {
        if (n < 500) {
            return "<500 conservative, avoids overfitting";
        }
        if (n < 2000) {
            return "500–2000 recommended";
        }
        if (n <= 5000) {
            return "2000–5000 ample data";
        }
        return ">5000, consider full fine-tuning";
    }

    /** 1e-5 rather than 1.0E-5, as the knowledge base writes it. */
    static String lrText(double lr) {
        return String.format(Locale.ROOT, "%.0e", lr).replace("e-0", "e-");
    }

    private static String fmt(double gb) {
        return gb == Math.rint(gb) ? String.valueOf((long) gb) : String.valueOf(gb);
    }
}
