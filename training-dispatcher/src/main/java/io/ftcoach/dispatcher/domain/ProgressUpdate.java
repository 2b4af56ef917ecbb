package io.ftcoach.dispatcher.domain;

/**
 * A running job's progress as a backend reads it from the training log; the optional values are null when the
 * trainer does not report them.
 */
public record ProgressUpdate(long step, Long totalSteps, double epoch, Double loss, Double evalLoss,
                             Double learningRate, double percent, Long etaSeconds) {

    public ProgressUpdate {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be within 0..100, was " + percent);
        }
    }
}
