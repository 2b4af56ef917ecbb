package io.ftcoach.dispatcher.domain.evaluation;

import java.util.List;

/** One evaluated sentence of an extraction task: its gold entities and the ones the model predicted. */
public record NerPrediction(String input, List<Entity> gold, List<Entity> predicted, String rawOutput) {

    public NerPrediction {
        input = input == null ? "" : input;
        gold = List.copyOf(gold);
        predicted = List.copyOf(predicted);
        rawOutput = rawOutput == null ? "" : rawOutput;
    }
}
