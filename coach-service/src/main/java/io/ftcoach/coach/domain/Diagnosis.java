package io.ftcoach.coach.domain;

import java.util.List;
import java.util.Map;

/** problem-diagnoser's report: symptoms with their evidence, and fixes in the order to try them. */
public record Diagnosis(String task, String version, String status, List<String> symptoms, List<Fix> fixes,
                        List<String> missingEvidence) {

    public Diagnosis {
        symptoms = List.copyOf(symptoms);
        fixes = List.copyOf(fixes);
        missingEvidence = List.copyOf(missingEvidence);
    }

    /**
     * One fix. {@code trainingChange} is the change to the training settings that applies it to the next version
     * (keys loraRank, loraAlpha, epochs, learningRate, batchSize), empty when the fix is about data.
     */
    public record Fix(int priority, String title, String cause, String expectedGain, String difficulty,
                      String how, Map<String, Number> trainingChange) {

        public Fix {
            trainingChange = trainingChange == null ? Map.of() : Map.copyOf(trainingChange);
        }
    }
}
