package io.ftcoach.lineage.domain;

import java.time.Instant;
import java.util.List;

/** Sections as the three events of one version give them. */
final class LineageFixtures {

    static final VersionName V2 = VersionName.of("v2");
    static final Instant REQUESTED = Instant.parse("2026-11-25T10:00:00.123Z");

    private LineageFixtures() {
    }

    static RequestSection request() {
        return new RequestSection(new EventRef("req-1", REQUESTED), "v1", "sha256-abc",
                new TrainingSettings("Qwen/Qwen3-4B", "lora", 64, 128, 0.05, 6, 1e-5, 4),
                List.of("LoRA r 32 → 64", "+200 neutral rows"));
    }

    static ResultsSection results(String eventId, Instant at, double macroF1) {
        return new ResultsSection(new EventRef(eventId, at), macroF1, 0.82,
                List.of(new ClassScore("正面", 0.9, 0.82, 0.86), new ClassScore("中立", 0.8, 0.77, 0.785)),
                "macro_f1", macroF1, 0.80, macroF1 >= 0.80);
    }

    static ModelSection model() {
        return new ModelSection(new EventRef("done-1", REQUESTED.plusSeconds(600)), "job-7", "baseline",
                List.of(new ModelSection.Artifact("adapter", "models/adapter/v2"),
                        new ModelSection.Artifact("log", "models/logs/v2.log"),
                        new ModelSection.Artifact("gguf", "models/gguf/t-v2-q8_0.gguf")));
    }
}
