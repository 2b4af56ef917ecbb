package io.ftcoach.dispatcher.domain;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The training configuration a job runs with, as the request carried it (configs/training_config.yaml). */
public record TrainingSettings(String baseModel, String method, Integer loraRank, Integer loraAlpha,
                               Double loraDropout, int epochs, double learningRate, Integer batchSize,
                               Map<String, String> extra) {

    public TrainingSettings {
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(extra));
    }
}
