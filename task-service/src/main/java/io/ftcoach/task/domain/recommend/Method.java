package io.ftcoach.task.domain.recommend;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Fine-tuning methods of the knowledge base (spec §3.2 "Methods"); {@link #yamlName()} is task.yaml's training.method. */
public enum Method {
    SFT_LORA("lora"), QLORA("qlora"), FULL("full"), DPO("dpo"), ORPO("orpo");

    private final String yamlName;

    Method(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public boolean usesLora() {
        return this != FULL;
    }

    public static Method fromYaml(String raw) {
        return Arrays.stream(values()).filter(m -> m.yamlName.equalsIgnoreCase(raw)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("training.method '" + raw + "' is not supported; use one of "
                        + Arrays.stream(values()).map(Method::yamlName).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return yamlName.toUpperCase(Locale.ROOT);
    }
}
