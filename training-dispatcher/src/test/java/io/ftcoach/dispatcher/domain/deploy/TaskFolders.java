package io.ftcoach.dispatcher.domain.deploy;

import io.ftcoach.dispatcher.domain.evaluation.Evaluation;
import io.ftcoach.dispatcher.domain.evaluation.EvaluationFiles;
import io.ftcoach.dispatcher.domain.evaluation.Prediction;
import io.ftcoach.dispatcher.domain.evaluation.SuccessCriteria;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A task folder as training and evaluation leave it: task.yaml (Qwen3 base, LoRA r 32), version v1 evaluated on
 * ten test predictions (8 right: macro-F1 0.8, accuracy 0.8), the adapter, a GGUF and the data splits.
 */
public final class TaskFolders {

    public static final List<String> LABELS = List.of("正面", "負面");

    private TaskFolders() {
    }

    /** @param threshold the task's macro-F1 target: 0.75 is met, 0.9 is missed */
    public static Path sentiment(Path workspace, String task, double threshold) throws IOException {
        Path dir = workspace.resolve(task);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("task.yaml"), """
                task_name: %s
                version: v1
                status: evaluating
                task_type: classification
                domain: food delivery
                language: zh-CN
                input_template: "判斷以下外賣評論的情感：{text}"
                output_format: {type: json, schema: {sentiment: {type: string, enum: [正面, 負面]}}}
                training: {base_model: Qwen/Qwen3-4B, method: lora, lora: {r: 32, alpha: 64}, epochs: 3, learning_rate: 1e-5, batch_size: 4}
                success_criteria: {primary_metric: macro_f1, threshold: %s}
                """.formatted(task, threshold));
        List<Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            predictions.add(new Prediction("好吃 " + i, "正面", i < 4 ? "正面" : "負面", null));
            predictions.add(new Prediction("太慢了 " + i, "負面", i < 4 ? "負面" : "正面", null));
        }
        Evaluation e = Evaluation.of("test", LABELS, predictions, new SuccessCriteria("macro_f1", threshold));
        EvaluationFiles.writeResults(dir, task, "v1", "models/adapter/v1", e, Instant.parse("2026-11-25T10:00:00Z"));

        Path adapter = dir.resolve("models/adapter/v1");
        Files.createDirectories(adapter);
        Files.writeString(adapter.resolve("adapter_config.json"),
                "{\"base_model_name_or_path\": \"Qwen/Qwen3-4B\", \"r\": 32, \"lora_alpha\": 64}");
        Files.write(adapter.resolve("adapter_model.safetensors"), bytes("safetensors", 2000));
        Path gguf = dir.resolve("models/gguf");
        Files.createDirectories(gguf);
        Files.write(gguf.resolve(task + "-v1-q8_0.gguf"), bytes("GGUF", 3000));

        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("train.jsonl"), "{\"text\": \"很好吃，送得也快\", \"label\": \"正面\"}\n"
                + "{\"text\": \"等了兩個小時\", \"label\": \"負面\"}\n");
        Files.writeString(data.resolve("valid.jsonl"), "{\"text\": \"味道不錯\", \"label\": \"正面\"}\n");
        Files.writeString(data.resolve("test.jsonl"), "{\"text\": \"菜都涼了\", \"label\": \"負面\"}\n");
        Files.writeString(data.resolve("data_version.yaml"), """
                snapshot_id: 3f9a1c0d2b7e
                train_count: 2
                valid_count: 1
                test_count: 1
                class_distribution: {正面: 2, 負面: 2}
                """);
        return dir;
    }

    static byte[] bytes(String magic, int size) {
        byte[] b = new byte[size];
        byte[] m = magic.getBytes();
        System.arraycopy(m, 0, b, 0, m.length);
        for (int i = m.length; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    public static DeploymentRequest request(String task, String target, boolean force, java.util.Map<String, String> options) {
        return new DeploymentRequest("req-" + task + "-" + target + "-" + force + "-" + options.hashCode(), "corr-1",
                Instant.parse("2026-11-25T11:00:00Z"), "task-service", task, "v1", target, force, options);
    }
}
