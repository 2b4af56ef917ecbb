package io.ftcoach.task.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks a task.yaml tree against {@code schemas/task.schema.json} (JSON Schema 2020-12, spec §5.1). The validator
 * (networknt) works on Jackson 2 trees, so the Jackson 3 tree is handed over as JSON text.
 */
public final class TaskYamlValidator {

    public static final String SCHEMA_RESOURCE = "/schemas/task.schema.json";

    /** One problem: where (a JSON Pointer into task.yaml, e.g. /success_criteria/threshold) and what was expected. */
    public record Violation(String path, String expected) {
        @Override
        public String toString() {
            return path + ": " + expected;
        }
    }

    private final JsonSchema schema;
    private final ObjectMapper jackson2 = new ObjectMapper();
    private final JsonMapper jackson3 = JsonMapper.builder().build();

    public TaskYamlValidator() {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true).build();
        try (InputStream in = TaskYamlValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the classpath");
            }
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Violation> validate(JsonNode node) {
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = jackson2.readTree(jackson3.writeValueAsString(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schema.validate(tree).stream().map(TaskYamlValidator::violation).distinct()
                .sorted(Comparator.comparing(Violation::path)).toList();
    }

    private static Violation violation(ValidationMessage m) {
        String path = m.getInstanceLocation().toString();
        String expected = m.getError();
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            path = path + "/" + m.getProperty();
            expected = "is required";
        }
        return new Violation(path.isEmpty() ? "/" : path, expected);
    }

    public static String describe(List<Violation> violations) {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
