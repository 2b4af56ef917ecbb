package io.ftcoach.task.domain.recommend;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the person needs most from the base model (spec §2.1, "Base model" rules). */
public enum Need {
    /** Chinese text → Qwen3. */
    CHINESE,
    /** reasoning → DeepSeek-R1. */
    REASONING,
    /** lightweight deployment → Phi-4. */
    LIGHTWEIGHT,
    /** ecosystem or tooling → Llama-3.3. */
    ECOSYSTEM,
    /** lowest cost → DeepSeek-V3. */
    COST;

    public static Need parse(String raw) {
        if (raw != null) {
            String s = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
            if (s.equals("LIGHTWEIGHT_DEPLOYMENT") || s.equals("LIGHTWEIGHT_DEPLOY")) {
                s = "LIGHTWEIGHT";
            }
            if (s.equals("LOW_COST") || s.equals("LOWEST_COST")) {
                s = "COST";
            }
            for (Need n : values()) {
                if (n.name().equals(s)) {
                    return n;
                }
            }
        }
        throw new IllegalArgumentException("need '" + raw + "' is not known; use one of "
                + Arrays.stream(values()).map(n -> n.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
