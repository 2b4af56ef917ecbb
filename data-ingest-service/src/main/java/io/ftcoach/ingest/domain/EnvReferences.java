package io.ftcoach.ingest.domain;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills in the {@code ${VAR}} references of a source's settings from the environment, at the moment of a run. */
final class EnvReferences {

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private EnvReferences() {
    }

    /**
     * @param field how the error names the setting, e.g. {@code config.auth.token}
     * @return the value with every reference replaced, or null when {@code value} is null
     * @throws SourceException naming the field and the variable when one is not set
     */
    static String resolve(SourceDefinition source, String field, Object value, Function<String, String> environment) {
        if (value == null) {
            return null;
        }
        Matcher m = ENV_REF.matcher(value.toString());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = environment.apply(m.group(1));
            if (resolved == null || resolved.isEmpty()) {
                throw new SourceException(source.label() + ": " + field + " refers to ${" + m.group(1) + "}, which "
                        + "is not set in the service's environment: set " + m.group(1) + " (e.g. in the .env file "
                        + "the service is started with) and run again");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The variable a value names, for messages: {@code ${API_TOKEN}}, or "the value" when it names none. */
    static String describe(Object value) {
        if (value == null) {
            return "the value";
        }
        Matcher m = ENV_REF.matcher(value.toString());
        return m.find() ? "${" + m.group(1) + "}" : "the value";
    }
}
