package io.ftcoach.coach.domain.chat;

import io.ftcoach.coach.domain.Diagnosis;
import io.ftcoach.coach.domain.ProblemDiagnoser;
import io.ftcoach.coach.domain.platform.DataSnapshot;
import io.ftcoach.coach.domain.platform.VersionInfo;
import io.ftcoach.coach.domain.routing.Intent;
import io.ftcoach.coach.domain.routing.IntentRouter;
import io.ftcoach.coach.domain.routing.Language;
import io.ftcoach.coach.domain.routing.Route;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The diagnosis of a task that trains on the baseline backend offers only a change the baseline applies, so the
 * next version it starts can differ from the last (the demo's v1 → v2).
 */
class DiagnosisOnTheBaselineTest {

    private final InMemoryPlatform fake = new InMemoryPlatform();
    private final List<Diagnosis> published = new ArrayList<>();
    private final Commands commands = new Commands(fake.platform(), new ProblemDiagnoser(), 0.05, published::add);

    /** An LLM task (qlora, r=128) sent to the baseline, as the goal-clarifier makes one without a GPU. */
    private void waimaiOnTheBaseline(String backend, double macroF1, int epochs) {
        fake.addTask("waimai-sentiment", "macro_f1", 0.8, 128, epochs, backend);
        fake.versions.put("waimai-sentiment", List.of(new VersionInfo("v1", null, "snap-1", "macro_f1", macroF1, 0.8, false)));
        fake.lineages.put("waimai-sentiment/v1", Map.of("results", Map.of("per_class", Map.of(
                "negative", Map.of("f1", 0.93), "positive", Map.of("f1", 0.86))),
                "config", Map.of("lora", Map.of("r", 128), "epochs", epochs), "data", Map.of("train_count", 9600)));
        fake.snapshots.put("waimai-sentiment", List.of(new DataSnapshot("snap-1", "2026-01-01T00:00:00Z", 9600, 1200,
                1200, Map.of("negative", 6400L, "positive", 3200L))));
    }

    private Commands.Result diagnose(String symptom) {
        return commands.run(Intent.PROBLEM_DIAGNOSE, Map.of(IntentRouter.TASK, "waimai-sentiment",
                IntentRouter.VERSION, "v1", IntentRouter.SYMPTOM, symptom), Language.EN);
    }

    /** What the demo's person says about v1, deliberately trained one epoch only. */
    static final String UNDERFITTED = "diagnose waimai-sentiment v1: it trained a single epoch and looks like underfitting";

    @Test
    void underfittingOnTheBaselineOffersMoreEpochsAndTheNextVersionTrainsThem() {
        waimaiOnTheBaseline("baseline", 0.8846, 1);
        Route route = new IntentRouter().route(UNDERFITTED);
        assertThat(route.intent()).isEqualTo(Intent.PROBLEM_DIAGNOSE);
        assertThat(route.slots()).containsEntry(IntentRouter.TASK, "waimai-sentiment").containsEntry(IntentRouter.VERSION, "v1");
        Map<String, String> slots = new java.util.HashMap<>(route.slots());
        slots.put("complaint", UNDERFITTED);

        Commands.Result diagnosed = commands.run(Intent.PROBLEM_DIAGNOSE, slots, Language.EN);
        assertThat(diagnosed.text()).contains("Underfitting: the training had not settled when it ended",
                "Shall I start the next version with fix 1 (More epochs (2)) applied?");
        assertThat(diagnosed.offer()).containsEntry("epochs", "2").doesNotContainKey("loraRank");

        commands.train("waimai-sentiment", diagnosed.offer(), Language.EN);
        assertThat(fake.trainings).singleElement().satisfies(t -> {
            assertThat(t.version()).isEqualTo("v2");
            assertThat(t.parentVersion()).isEqualTo("v1");
            assertThat(t.backend()).isEqualTo("baseline");
            assertThat(t.epochs()).as("the change the baseline applies").isEqualTo(2);
            assertThat(t.loraRank()).isEqualTo(128);
            assertThat(t.statedChanges()).containsExactly("More epochs (2)");
        });
    }

    @Test
    void overfittingOnTheBaselineOffersFewerEpochsAndTheNextVersionTrainsThem() {
        waimaiOnTheBaseline("baseline", 0.8972, 2);

        Commands.Result diagnosed = diagnose("overfitting");
        assertThat(diagnosed.text()).contains("Overfitting: training looks good, evaluation does not",
                "Shall I start the next version with fix 1 (Fewer epochs (1) and more dropout, or early stopping) applied?");
        assertThat(diagnosed.offer()).containsEntry("epochs", "1").doesNotContainKey("loraRank");

        commands.train("waimai-sentiment", diagnosed.offer(), Language.EN);
        assertThat(fake.trainings).singleElement().satisfies(t -> {
            assertThat(t.version()).isEqualTo("v2");
            assertThat(t.backend()).isEqualTo("baseline");
            assertThat(t.epochs()).as("the change the baseline applies").isEqualTo(1);
            assertThat(t.loraRank()).isEqualTo(128);
            assertThat(t.statedChanges()).containsExactly("Fewer epochs (1) and more dropout, or early stopping");
        });
    }

    @Test
    void belowTargetOnTheBaselineARankFixIsAdviceForAnLlmBackendAndNothingIsOffered() {
        waimaiOnTheBaseline("baseline", 0.72, 2);

        Commands.Result diagnosed = diagnose("low_accuracy");
        assertThat(diagnosed.text()).contains("Below target: macro_f1 0.7200 < 0.80", "1. Raise the LoRA rank to 64",
                "not applied on the baseline backend, which ignores loraAlpha, loraRank")
                .doesNotContain("Shall I start the next version");
        assertThat(diagnosed.offer()).isEmpty();
        assertThat(published).singleElement().satisfies(d -> assertThat(d.fixes().get(0).trainingChange()).isEmpty());

        // the same task on a GPU backend: the rank fix is what the next version trains with
        fake.tasks.clear();
        waimaiOnTheBaseline("local", 0.72, 2);
        assertThat(diagnose("low_accuracy").offer()).containsEntry("loraRank", "64");
    }
}
