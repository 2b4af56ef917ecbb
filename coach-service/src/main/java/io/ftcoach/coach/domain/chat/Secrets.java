package io.ftcoach.coach.domain.chat;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Literal secrets in what a person writes: refused by the data-source advisor (secrets only as {@code ${VAR}}) and
 * masked before a message is kept, so none lands in a session file.
 */
final class Secrets {

    /** key = value, key: value, key value — where the value is not a ${VAR} reference. */
    private static final Pattern KEYED = Pattern.compile("(?i)\\b(password|passwd|pwd|密碼|密码|token|api[_ -]?key|secret|"
            + "access[_ -]?token|bearer)\\s*(?:[:=：]|\\bis\\b|是|為|为)?\\s*(?!\\$\\{)([^\\s,;，；]{4,})");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^\\s:/@]+:)([^\\s@/]+)(@)");
    private static final Pattern KEY_SHAPED = Pattern.compile("\\b(sk-[A-Za-z0-9_-]{16,}|hf_[A-Za-z0-9]{20,}|gh[pousr]_[A-Za-z0-9]{20,}"
            + "|AKIA[0-9A-Z]{16})\\b");

    private Secrets() {
    }

    /** The kind of secret the text holds literally (password, token, api key), or empty. */
    static Optional<String> find(String text) {
        Matcher url = URL_PASSWORD.matcher(text);
        if (url.find() && !url.group(2).startsWith("${")) {
            return Optional.of("password");
        }
        if (KEY_SHAPED.matcher(text).find()) {
            return Optional.of("api_key");
        }
        Matcher keyed = KEYED.matcher(text);
        while (keyed.find()) {
            String value = keyed.group(2);
            // "token via env" or "password is in DB_PASSWORD" name a variable, not a secret
            if (!value.matches("[A-Z][A-Z0-9_]*") && !value.matches("(?i)(env|environment|variable|from|in|via|the|is|of)")) {
                String key = keyed.group(1).toLowerCase(java.util.Locale.ROOT);
                return Optional.of(key.startsWith("pass") || key.startsWith("pwd") || key.startsWith("密") ? "password"
                        : key.startsWith("api") ? "api_key" : "token");
            }
        }
        return Optional.empty();
    }

    static String mask(String text) {
        String masked = URL_PASSWORD.matcher(text).replaceAll("$1****$3");
        masked = KEY_SHAPED.matcher(masked).replaceAll("****");
        Matcher keyed = KEYED.matcher(masked);
        StringBuilder out = new StringBuilder();
        while (keyed.find()) {
            String value = keyed.group(2);
            boolean secret = !value.matches("[A-Z][A-Z0-9_]*")
                    && !value.matches("(?i)(env|environment|variable|from|in|via|the|is|of)");
            keyed.appendReplacement(out, Matcher.quoteReplacement(secret
                    ? keyed.group().substring(0, keyed.start(2) - keyed.start()) + "****" : keyed.group()));
        }
        keyed.appendTail(out);
        return out.toString();
    }
}
