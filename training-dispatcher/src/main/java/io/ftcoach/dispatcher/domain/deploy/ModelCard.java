package io.ftcoach.dispatcher.domain.deploy;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The README.md of a Hub repository (workflow-spec §5.7): YAML front matter, what the model does, base model and
 * method, the data snapshot, the evaluation metrics and per-class table, training parameters, usage for the variant
 * (PEFT, vLLM, Ollama, datasets), intended use, limitations, links to the sibling repositories and a citation.
 */
public final class ModelCard {

    /** The repositories of one deployment, by variant (adapter, merged, gguf, dataset), for cross-links. */
    public record Siblings(String endpoint, Map<String, String> repoIds) {
    }

    private ModelCard() {
    }

    public static String render(TaskFacts t, String variant, String repoId, Siblings siblings) {
        StringBuilder md = new StringBuilder();
        frontMatter(md, t, variant);
        String base = t.baseModel();
        md.append("# ").append(repoId.substring(repoId.indexOf('/') + 1)).append("\n\n");
        md.append(variant.equals("dataset")
                ? "The labelled data of the task **" + t.taskId() + "**, as used to train version " + t.version() + ".\n\n"
                : "Version **" + t.version() + "** of the task **" + t.taskId() + "**, fine-tuned from "
                + (base == null ? "its base model" : "[" + base + "](https://huggingface.co/" + base + ")")
                + " — " + describe(variant) + ".\n\n");
        if (t.description() != null) {
            md.append(t.description()).append("\n\n");
        }
        md.append("| | |\n|---|---|\n");
        row(md, "task type", t.taskType());
        row(md, "domain", t.domain());
        row(md, "language", t.language());
        row(md, "base model", base);
        row(md, "method", t.method());
        if (!t.labels().isEmpty()) {
            row(md, "labels", String.join(", ", t.labels()));
        }
        md.append('\n');

        dataSnapshot(md, t);
        if (!variant.equals("dataset")) {
            metrics(md, t);
            trainingParameters(md, t);
        }
        usage(md, t, variant, repoId);
        links(md, variant, siblings);

        md.append("## Intended use\n\n");
        md.append(variant.equals("dataset")
                ? "Training and evaluating models for the task " + t.taskId() + ".\n\n"
                : "Answering the task " + t.taskId() + (t.labels().isEmpty() ? "" : " with one of its labels ("
                + String.join(", ", t.labels()) + ")") + (t.domain() == null ? "" : " on " + t.domain() + " text")
                + (t.language() == null ? "" : " in " + t.language()) + ". Give it input in the form it was trained"
                + " on" + (t.inputTemplate() == null ? "" : " (`" + t.inputTemplate().replace("\n", "\\n") + "`)")
                + ".\n\n");
        limitations(md, t, variant);

        md.append("## Citation\n\n```bibtex\n@misc{").append(t.modelName().replaceAll("[^A-Za-z0-9]", "_"))
                .append(",\n  title = {").append(t.modelName()).append("},\n  note = {Fine-tuned with Fine-tune Coach")
                .append(base == null ? "" : " from " + base).append("},\n  howpublished = {\\url{")
                .append(siblings.endpoint()).append('/').append(variant.equals("dataset") ? "datasets/" : "")
                .append(repoId).append("}}\n}\n```\n");
        return md.toString();
    }

    private static void frontMatter(StringBuilder md, TaskFacts t, String variant) {
        md.append("---\nlicense: apache-2.0\n");
        if (t.language() != null) {
            md.append("language:\n- ").append(yaml(t.language())).append('\n');
        }
        if (variant.equals("dataset")) {
            md.append("task_categories:\n- ").append(t.taskType().equals("extraction") ? "token-classification"
                    : t.taskType().equals("generation") ? "text-generation" : "text-classification").append('\n');
            md.append("tags:\n- ftcoach\n- ").append(yaml(t.taskId())).append("\n---\n\n");
            return;
        }
        if (t.baseModel() != null) {
            md.append("base_model: ").append(yaml(t.baseModel())).append('\n');
        }
        md.append("library_name: ").append(switch (variant) {
            case "adapter" -> "peft";
            case "gguf" -> "gguf";
            default -> "transformers";
        }).append('\n');
        md.append("pipeline_tag: text-generation\n");
        md.append("tags:\n- ftcoach\n- ").append(yaml(t.taskId())).append("\n- ").append(yaml(t.method()))
                .append("\n- ").append(yaml(t.taskType())).append('\n');
        if (variant.equals("gguf")) {
            md.append("- gguf\n- ollama\n");
        }
        if (variant.equals("merged")) {
            md.append("- vllm\n");
        }
        JsonNode m = t.results().path("metrics");
        if (m.isObject()) {
            md.append("model-index:\n- name: ").append(yaml(t.modelName())).append("\n  results:\n  - task:\n")
                    .append("      type: text-classification\n    dataset:\n      name: ").append(yaml(t.taskId()))
                    .append(" (test split)\n      type: ").append(yaml(t.taskId())).append("\n    metrics:\n");
            for (String key : List.of("accuracy", "macro_f1", "weighted_f1")) {
                if (m.path(key).isNumber()) {
                    md.append("    - type: ").append(key).append("\n      value: ").append(f(m.path(key).asDouble()))
                            .append('\n');
                }
            }
        }
        md.append("---\n\n");
    }

    private static String describe(String variant) {
        return switch (variant) {
            case "adapter" -> "the LoRA adapter (PEFT); load it on top of the base model";
            case "merged" -> "the adapter merged into the base model, ready for vLLM or transformers";
            case "gguf" -> "quantised GGUF weights with an Ollama Modelfile";
            default -> variant;
        };
    }

    private static void dataSnapshot(StringBuilder md, TaskFacts t) {
        JsonNode data = t.lineage().path("data");
        JsonNode dv = t.dataVersion();
        if (data.isMissingNode() && dv.isMissingNode()) {
            return;
        }
        md.append("## Data snapshot\n\n| | |\n|---|---|\n");
        row(md, "snapshot", firstText(dv, "snapshot_id", "hash", "data_hash"));
        row(md, "source hash", TaskFacts.text(data.path("source_hash"), null));
        for (String split : List.of("train", "valid", "test")) {
            String n = TaskFacts.text(data.path(split + "_count"), TaskFacts.text(dv.path(split + "_count"),
                    TaskFacts.text(dv.path("counts").path(split), null)));
            row(md, split + " rows", n);
        }
        JsonNode dist = data.path("class_distribution").isObject() ? data.path("class_distribution")
                : dv.path("class_distribution");
        if (dist.isObject()) {
            List<String> parts = new ArrayList<>();
            dist.properties().forEach(e -> parts.add(e.getKey() + ": " + e.getValue().asString()));
            row(md, "class distribution", String.join(", ", parts));
        }
        md.append('\n');
    }

    private static void metrics(StringBuilder md, TaskFacts t) {
        JsonNode r = t.results();
        if (r.isMissingNode()) {
            md.append("## Evaluation\n\nThis version has no evaluation results yet.\n\n");
            return;
        }
        md.append("## Evaluation\n\nOn the held-out ").append(r.path("split").asString("test")).append(" split (")
                .append(r.path("test_samples").asString("?")).append(" samples), evaluated ")
                .append(r.path("evaluation_date").asString("")).append(".\n\n| metric | score |\n|---|---|\n");
        r.path("metrics").properties().forEach(e -> {
            if (e.getValue().isNumber()) {
                md.append("| ").append(e.getKey()).append(" | ").append(f(e.getValue().asDouble())).append(" |\n");
            }
        });
        String primary = r.path("primary_metric").asString(null);
        if (primary != null) {
            JsonNode c = r.path("pass_criteria").path(primary);
            md.append("\nTarget: ").append(primary).append(" ≥ ").append(f(c.path("threshold").asDouble()))
                    .append(" — ").append(c.path("passed").asBoolean() ? "✅ met" : "❌ not met").append(".\n");
        }
        JsonNode perClass = r.path("per_class_metrics");
        if (perClass.isObject() && !perClass.isEmpty()) {
            md.append("\n### Per class\n\n| label | precision | recall | F1 | support |\n|---|---|---|---|---|\n");
            perClass.properties().forEach(e -> md.append("| ").append(e.getKey()).append(" | ")
                    .append(f(e.getValue().path("precision").asDouble())).append(" | ")
                    .append(f(e.getValue().path("recall").asDouble())).append(" | ")
                    .append(f(e.getValue().path("f1").asDouble())).append(" | ")
                    .append(e.getValue().path("support").asString()).append(" |\n"));
        }
        md.append('\n');
    }

    private static void trainingParameters(StringBuilder md, TaskFacts t) {
        md.append("## Training parameters\n\n| parameter | value |\n|---|---|\n");
        row(md, "method", t.method());
        row(md, "LoRA r", t.training("lora.r"));
        row(md, "LoRA α", t.training("lora.alpha"));
        row(md, "LoRA dropout", t.training("lora.dropout"));
        row(md, "epochs", t.training("epochs"));
        row(md, "learning rate", t.training("learning_rate"));
        row(md, "batch size", t.training("batch_size"));
        md.append('\n');
    }

    private static void usage(StringBuilder md, TaskFacts t, String variant, String repoId) {
        md.append("## Usage\n\n");
        String thinking = t.qwen3() ? ", enable_thinking=False" : "";
        switch (variant) {
            case "adapter" -> md.append("```python\nfrom peft import PeftModel\n")
                    .append("from transformers import AutoModelForCausalLM, AutoTokenizer\n\n")
                    .append("base = AutoModelForCausalLM.from_pretrained(\"").append(t.baseModel())
                    .append("\", torch_dtype=\"auto\", device_map=\"auto\")\n")
                    .append("model = PeftModel.from_pretrained(base, \"").append(repoId).append("\", revision=\"")
                    .append(t.version()).append("\")\ntokenizer = AutoTokenizer.from_pretrained(\"")
                    .append(t.baseModel()).append("\")\n\nmessages = [{\"role\": \"user\", \"content\": \"…\"}]\n")
                    .append("text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True")
                    .append(thinking).append(")\nout = model.generate(**tokenizer(text, return_tensors=\"pt\")")
                    .append(".to(model.device), max_new_tokens=50)\n```\n\n");
            case "merged" -> md.append("```bash\nvllm serve ").append(repoId).append(" --revision ")
                    .append(t.version()).append(" --port 8000\n```\n\nThen call the OpenAI-compatible API at ")
                    .append("`http://localhost:8000/v1/chat/completions`")
                    .append(t.qwen3() ? " with `\"chat_template_kwargs\": {\"enable_thinking\": false}`" : "")
                    .append(".\n\n");
            case "gguf" -> md.append("```bash\nhuggingface-cli download ").append(repoId).append(" --revision ")
                    .append(t.version()).append(" --local-dir ").append(t.modelName())
                    .append("\ncd ").append(t.modelName()).append("\nollama create ").append(t.taskId()).append(':')
                    .append(t.version()).append(" -f Modelfile\nollama run ").append(t.taskId()).append(':')
                    .append(t.version()).append(" \"…\"\n```\n\n");
            default -> md.append("```python\nfrom datasets import load_dataset\n\nds = load_dataset(\"").append(repoId)
                    .append("\", revision=\"").append(t.version()).append("\")\n```\n\n");
        }
    }

    private static void links(StringBuilder md, String variant, Siblings siblings) {
        List<String> lines = new ArrayList<>();
        siblings.repoIds().forEach((v, id) -> {
            if (!v.equals(variant)) {
                lines.add("- " + v + ": " + siblings.endpoint() + (v.equals("dataset") ? "/datasets/" : "/") + id);
            }
        });
        if (!lines.isEmpty()) {
            md.append("## Related repositories\n\n").append(String.join("\n", lines)).append("\n\n");
        }
    }

    private static void limitations(StringBuilder md, TaskFacts t, String variant) {
        md.append("## Limitations\n\n");
        if (!variant.equals("dataset")) {
            md.append("- It was trained on ").append(t.taskId()).append(" data only; other domains, other languages "
                    + "and labels outside its set are not supported.\n");
            JsonNode perClass = t.results().path("per_class_metrics");
            if (perClass.isObject() && !perClass.isEmpty()) {
                List<Map.Entry<String, JsonNode>> rows = new ArrayList<>(perClass.properties());
                rows.sort(Comparator.comparingDouble(e -> e.getValue().path("f1").asDouble()));
                Map.Entry<String, JsonNode> weakest = rows.get(0);
                md.append("- Its weakest class is **").append(weakest.getKey()).append("** (F1 ")
                        .append(f(weakest.getValue().path("f1").asDouble())).append("); check its answers on such input.\n");
            }
            JsonNode pairs = t.results().path("confusion_pairs");
            if (pairs.isArray() && !pairs.isEmpty()) {
                JsonNode p = pairs.get(0);
                md.append("- Its most frequent mistake is **").append(p.path("actual").asString()).append(" → ")
                        .append(p.path("predicted").asString()).append("** (").append(p.path("count").asString())
                        .append(p.path("count").asLong() == 1 ? " test sample).\n" : " test samples).\n");
            }
            if (t.qwen3()) {
                md.append("- Qwen3 models think aloud by default: switch thinking off for short answers.\n");
            }
        }
        md.append("- Labels reflect the annotation of the source data, including its mistakes and biases.\n\n");
    }

    private static String firstText(JsonNode n, String... keys) {
        for (String k : keys) {
            String v = TaskFacts.text(n.path(k), null);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static void row(StringBuilder md, String name, String value) {
        if (value != null) {
            md.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
        }
    }

    private static String yaml(String s) {
        return s.matches("[A-Za-z0-9._/-]+") ? s : "\"" + s.replace("\"", "\\\"") + "\"";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
