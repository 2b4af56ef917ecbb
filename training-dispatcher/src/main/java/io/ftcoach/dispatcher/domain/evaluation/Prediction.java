package io.ftcoach.dispatcher.domain.evaluation;

/**
 * One evaluated row, in the format every backend writes ({@code benchmarks/predictions/<v>_test.jsonl}: one JSON
 * object a line with {@code input}, {@code gold}, {@code predicted}, {@code raw_output}).
 *
 * @param rawOutput what the model produced before it was mapped to a label (the label itself for a classifier)
 */
public record Prediction(String input, String gold, String predicted, String rawOutput) {

    public Prediction {
        if (gold == null || predicted == null) {
            throw new IllegalArgumentException("A prediction needs its gold and predicted label");
        }
        input = input == null ? "" : input;
        rawOutput = rawOutput == null ? predicted : rawOutput;
    }

    public boolean correct() {
        return gold.equals(predicted);
    }
}
