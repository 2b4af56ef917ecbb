package io.ftcoach.dispatcher.domain.project;

import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobRequest;
import io.ftcoach.dispatcher.domain.TrainingSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A task folder holding stand-in scripts in place of the generated 04_train.py and 05_evaluate.py: small real
 * Python programs that print what the real ones print (progress JSON lines, log text) and write what they write
 * (the adapter folder, the predictions), quickly and without a GPU.
 */
public final class StandInProject {

    public static final String TASK = "review-sentiment";
    public static final String VERSION = "v2";

    /** Prints three progress lines and a metrics line, records its arguments, writes the adapter. */
    public static final String TRAINS_WELL = """
            import json, os, sys
            v = sys.argv[sys.argv.index("--version") + 1]
            with open("train_args.txt", "w") as f:
                f.write(" ".join(sys.argv[1:]))
            print("Loading base model Qwen/Qwen3-0.6B", flush=True)
            for step, pct in ((10, 33.3), (20, 66.7), (30, 100.0)):
                print(json.dumps({"step": step, "total_steps": 30, "epoch": step / 10, "loss": 1.0 / step,
                                  "eval_loss": 0.5 if step == 20 else None, "learning_rate": 1e-5,
                                  "percent": pct, "eta_seconds": 30 - step}), flush=True)
            os.makedirs("models/adapter/" + v, exist_ok=True)
            with open("models/adapter/" + v + "/adapter_config.json", "w") as f:
                f.write('{"r": 32}')
            print(json.dumps({"metrics": {"train_runtime": 12.5, "train_loss": 0.04}}), flush=True)
            """;

    /** Writes test predictions in the format the evaluation reads (two right, one wrong). */
    public static final String EVALUATES_WELL = """
            import json, os, sys
            assert sys.argv[1:3] == ["--version", sys.argv[2]] and len(sys.argv) == 3, sys.argv
            v = sys.argv[2]
            os.makedirs("benchmarks/predictions", exist_ok=True)
            rows = [("很好吃", "positive", "positive"), ("太慢了", "negative", "negative"), ("一般", "negative", "positive")]
            with open("benchmarks/predictions/" + v + "_test.jsonl", "w", encoding="utf-8") as f:
                for text, gold, pred in rows:
                    f.write(json.dumps({"input": text, "gold": gold, "predicted": pred, "raw_output": pred},
                                       ensure_ascii=False) + "\\n")
            print("macro_f1 0.67", flush=True)
            """;

    private StandInProject() {
    }

    public static Path create(Path root, String trainScript, String evaluateScript) throws IOException {
        return create(root, TASK, trainScript, evaluateScript);
    }

    public static Path create(Path root, String name, String trainScript, String evaluateScript) throws IOException {
        Path task = root.resolve(name);
        Files.createDirectories(task.resolve("scripts"));
        Files.createDirectories(task.resolve("configs"));
        Files.createDirectories(task.resolve("data"));
        Files.writeString(task.resolve("scripts/04_train.py"), trainScript);
        Files.writeString(task.resolve("scripts/05_evaluate.py"), evaluateScript);
        Files.writeString(task.resolve("configs/training_config.yaml"), "model:\n  base_model: Qwen/Qwen3-0.6B\n");
        Files.writeString(task.resolve("data/train.jsonl"), "{\"text\":\"很好吃\",\"label\":\"positive\"}\n");
        Files.writeString(task.resolve("task.yaml"), "task_name: " + name + "\nversion: v1\n"
                + "output_format: {type: json, schema: {sentiment: {type: string, enum: [positive, negative]}}}\n"
                + "success_criteria: {primary_metric: accuracy, threshold: 0.5}\n");
        return task;
    }

    public static Job job(Long timeLimitSeconds, boolean resume) {
        JobRequest request = new JobRequest(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                Instant.parse("2026-11-25T10:00:00Z"), "task-service", TASK, VERSION, "v1", "local",
                "ab".repeat(32), new TrainingSettings("Qwen/Qwen3-0.6B", "lora", 32, 64, 0.05, 3, 1e-5, 4,
                Map.of()), List.of(), resume, timeLimitSeconds);
        return Job.queued(UUID.randomUUID().toString(), request, Instant.parse("2026-11-25T10:00:01Z"))
                .start(Instant.parse("2026-11-25T10:00:02Z"));
    }

    /** The same job run again after an infrastructure failure. */
    public static Job retried(Job job) {
        return new Job(job.id(), job.state(), job.request(), job.createdAt(), job.updatedAt(), job.startedAt(),
                job.finishedAt(), job.failure(), job.attempt() + 1);
    }
}
