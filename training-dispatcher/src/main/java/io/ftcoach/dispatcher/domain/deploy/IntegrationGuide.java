package io.ftcoach.dispatcher.domain.deploy;

import io.ftcoach.support.workspace.AtomicFiles;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The task's {@code docs/integration-guide.md}: a deployment owns one marked section per target and version
 * ({@code <!-- ftcoach:deploy vllm v2 -->} … {@code <!-- /ftcoach:deploy vllm v2 -->}), replaced in place when it
 * is deployed again, appended otherwise; the rest of the guide is left as it is. The whole file is written
 * atomically.
 */
public final class IntegrationGuide {

    public static final String PATH = "docs/integration-guide.md";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private IntegrationGuide() {
    }

    static String begin(String target, String version) {
        return "<!-- ftcoach:deploy " + target + " " + version + " -->";
    }

    static String end(String target, String version) {
        return "<!-- /ftcoach:deploy " + target + " " + version + " -->";
    }

    /** Puts {@code body} into the section of {@code target} and {@code version}; answers the guide's new content. */
    public static String writeSection(Path taskDir, String taskId, String target, String version, String body) {
        Path file = taskDir.resolve(PATH);
        String current;
        try {
            current = Files.isRegularFile(file) ? Files.readString(file) : "# " + taskId + " — integration guide\n";
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        String begin = begin(target, version);
        String end = end(target, version);
        String section = begin + "\n" + body.strip() + "\n" + end;
        int from = current.indexOf(begin);
        int to = from < 0 ? -1 : current.indexOf(end, from);
        String updated;
        if (from >= 0 && to > from) {
            updated = current.substring(0, from) + section + current.substring(to + end.length());
        } else {
            if (from >= 0) {
                throw new DeploymentException(FailureCategory.CONFIGURATION,
                        file + " has the line " + begin + " without its closing " + end + ".",
                        "Add the closing line after that section, or delete the section, then deploy again.");
            }
            updated = current.stripTrailing() + "\n\n" + section + "\n";
        }
        AtomicFiles.writeString(file, updated);
        return updated;
    }

    /**
     * The task's input template with the row's fields filled in ({@code {text}}, {@code {entity}} …); just the text
     * when the task has no template.
     */
    static String fill(String template, JsonNode row, String text) {
        if (template == null || template.isBlank()) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String field = m.group(1);
            String value = field.equals("text") || field.equals("input") ? text
                    : row == null ? m.group() : row.path(field).asString(m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
