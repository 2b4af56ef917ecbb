package io.ftcoach.lineage.domain;

/** The training configuration a version was requested with (spec §6.2 {@code config}). */
public record TrainingSettings(String baseModel, String method, Integer loraRank, Integer loraAlpha,
                               Double loraDropout, int epochs, double learningRate, Integer batchSize) {
}
