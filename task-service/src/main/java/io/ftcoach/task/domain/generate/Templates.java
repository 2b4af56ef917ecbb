package io.ftcoach.task.domain.generate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project templates under {@code project-templates/} on the classpath, rendered by replacing
 * {@code @@NAME@@} markers with whole values.
 * <p>
 * Written here rather than taken from a template engine: Mustache's and Jinja's braces collide with the braces of
 * the Python, shell and Markdown these files are full of, and the templates need nothing but whole-value
 * substitution. A marker without a value is a bug in the generator and fails the generation instead of producing
 * a half-filled file.
 */
final class Templates {

    private static final Pattern MARKER = Pattern.compile("@@([A-Z][A-Z0-9_]*)@@");
    private static final String ROOT = "project-templates/";

    private Templates() {
    }

    static String render(String template, Map<String, String> values) {
        String text = load(template);
        Matcher m = MARKER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 256);
        TreeSet<String> missing = new TreeSet<>();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                missing.add(m.group(1));
                continue;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Template " + template + " uses " + missing + ", which the generator "
                    + "does not fill");
        }
        return out.toString();
    }

    static String load(String template) {
        try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(ROOT + template)) {
            if (in == null) {
                throw new IllegalStateException("Template " + ROOT + template + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read template " + ROOT + template, e);
        }
    }
}
