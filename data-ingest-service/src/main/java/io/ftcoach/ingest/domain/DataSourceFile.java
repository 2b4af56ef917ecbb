package io.ftcoach.ingest.domain;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.serialization.JsonNodeReader;
import com.networknt.schema.utils.JsonNodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code data_source.yaml} (spec §5.2, detailed shape): first against the JSON Schema
 * {@code data_source.schema.json} (networknt json-schema-validator, draft 2020-12), then the rules a schema cannot
 * say well: secrets only as {@code ${VAR}}, paths that stay in the task folder, split ratios that add up to 1,
 * unique source names. Every problem names the file, the line, the field and what is expected; all problems are
 * reported at once.
 *
 * <p>The schema validator works on Jackson 2 trees ({@code com.fasterxml.jackson}); this class keeps that inside.
 */
public final class DataSourceFile {

    public static final String FILE = DataWorkspace.DATA_SOURCE;
    private static final String SCHEMA = "data_source.schema.json";
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern ONLY_ENV_REF = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");
    /** A password inside a URL: {@code postgresql://user:secret@host}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("://[^/@\\s:]*:([^@/\\s]+)@");
    private static final Set<String> SECRET_KEYS = Set.of("password", "passwd", "token", "api_key", "apikey",
            "secret", "client_secret", "access_token", "bearer_token", "refresh_token", "private_key");

    private final JsonSchema schema;
    private final JsonNodeReader reader = JsonNodeReader.builder().locationAware().build();
    private final ObjectMapper plain = new ObjectMapper();
    private final Function<String, String> environment;

    /** @param environment looks a variable up, {@code System::getenv} in the service; only "set or not" is kept */
    public DataSourceFile(Function<String, String> environment) {
        this.environment = environment;
        try (InputStream in = DataSourceFile.class.getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA + " is missing from the classpath next to " + getClass());
            }
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + SCHEMA, e);
        }
    }

    /** @throws InvalidDataSourceException listing every problem, in the order of the file */
    public DataSourceConfig parse(byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw invalid(null, "$", "the file is not valid UTF-8: save it as UTF-8");
        }
        if (text.isBlank()) {
            throw invalid(null, "$", "the file is empty: it needs at least version: \"1.0\" and sources: [...]");
        }
        JsonNode root;
        try {
            root = reader.readTree(text, InputFormat.YAML);
        } catch (IOException | IllegalArgumentException e) {
            // the location-aware reader wraps parse errors in an IllegalArgumentException
            Throwable cause = e;
            while (cause != null && !(cause instanceof JsonProcessingException)) {
                cause = cause.getCause();
            }
            if (cause instanceof JsonProcessingException parse) {
                JsonLocation at = parse.getLocation();
                throw invalid(at == null || at.getLineNr() < 1 ? null : at.getLineNr(), "$",
                        "not valid YAML: " + parse.getOriginalMessage());
            }
            throw invalid(null, "$", "not valid YAML: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw invalid(null, "$", "the file is empty: it needs at least version: \"1.0\" and sources: [...]");
        }
        List<ConfigProblem> problems = new ArrayList<>();
        for (ValidationMessage m : schema.validate(root)) {
            problems.add(schemaProblem(m));
        }
        checkSecrets(root, "", null, problems);
        if (problems.isEmpty()) {
            checkRules(root, problems);
        }
        if (!problems.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(new LinkedHashSet<>(problems));
            sorted.sort(Comparator.comparing((ConfigProblem p) -> p.line() == null ? Integer.MAX_VALUE : p.line())
                    .thenComparing(ConfigProblem::path));
            throw new InvalidDataSourceException(sorted);
        }
        return build(root, Sha256.hex(content));
    }

    /** The variables {@code ${NAME}} the configuration refers to, in order of first use, and whether each is set. */
    private List<EnvVariable> environment(JsonNode root) {
        Map<String, List<String>> uses = new LinkedHashMap<>();
        collectEnv(root, "", uses);
        List<EnvVariable> out = new ArrayList<>();
        uses.forEach((name, fields) -> {
            String value = environment.apply(name);
            out.add(new EnvVariable(name, fields, value != null && !value.isEmpty()));
        });
        return out;
    }

    private ConfigProblem schemaProblem(ValidationMessage m) {
        String location = m.getInstanceLocation().toString();
        String message = m.getMessage();
        if (message.startsWith(location + ": ")) {
            message = message.substring(location.length() + 2);
        }
        String path = displayPath(m.getInstanceLocation());
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            path = join(path, m.getProperty());
            message = "is missing: " + message;
        } else if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
            path = join(path, m.getProperty());
            message = "is not a known field here (a typo?): " + message;
        }
        return new ConfigProblem(FILE, lineOf(m.getInstanceNode()), path, message);
    }

    private static String displayPath(JsonNodePath location) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(element);
            }
        }
        return out.isEmpty() ? "$" : out.toString();
    }

    private static String join(String path, String field) {
        return "$".equals(path) || path.isEmpty() ? field : path + "." + field;
    }

    private static Integer lineOf(JsonNode node) {
        if (node == null) {
            return null;
        }
        JsonLocation at = JsonNodes.tokenLocationOf(node);
        return at == null || at.getLineNr() < 1 ? null : at.getLineNr();
    }

    /** Secrets only as {@code ${VAR}}: a literal is refused, naming the variable to use instead. */
    private void checkSecrets(JsonNode node, String path, String sourceType, List<ConfigProblem> problems) {
        if (node.isObject()) {
            String type = node.path("type").isTextual() && path.matches("sources\\[\\d+]")
                    ? node.get("type").asText() : sourceType;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String childPath = join(path.isEmpty() ? "$" : path, field.getKey());
                JsonNode value = field.getValue();
                if (SECRET_KEYS.contains(field.getKey().toLowerCase(Locale.ROOT)) && value.isValueNode()
                        && !value.isNull() && !ONLY_ENV_REF.matcher(value.asText()).matches()) {
                    String what = field.getKey().toLowerCase(Locale.ROOT).replace('_', ' ');
                    problems.add(new ConfigProblem(FILE, lineOf(value), childPath, "write ${"
                            + suggestVariable(type, field.getKey()) + "}, not the " + what + " itself (secrets "
                            + "stay in the environment, e.g. a .env file listed in .gitignore)"));
                } else {
                    checkSecrets(value, childPath, type, problems);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkSecrets(node.get(i), (path.isEmpty() ? "$" : path) + "[" + i + "]", sourceType, problems);
            }
        } else if (node.isTextual()) {
            Matcher m = URL_PASSWORD.matcher(node.asText());
            if (m.find() && !ONLY_ENV_REF.matcher(m.group(1)).matches()) {
                problems.add(new ConfigProblem(FILE, lineOf(node), path, "the URL carries a password: write ${"
                        + suggestVariable(sourceType, "password") + "} in its place, not the password itself"));
            }
        }
    }

    static String suggestVariable(String sourceType, String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return switch (k) {
            case "password", "passwd" -> "database".equals(sourceType) ? "DB_PASSWORD" : "API_PASSWORD";
            case "token", "access_token", "bearer_token" -> "API_TOKEN";
            case "api_key", "apikey" -> "llm_generated".equals(sourceType) ? "OPENAI_API_KEY" : "API_KEY";
            default -> k.toUpperCase(Locale.ROOT);
        };
    }

    /** What the schema cannot express well. Runs only on a file the schema accepts. */
    private void checkRules(JsonNode root, List<ConfigProblem> problems) {
        Set<String> names = new HashSet<>();
        JsonNode sources = root.path("sources");
        for (int i = 0; i < sources.size(); i++) {
            JsonNode source = sources.get(i);
            String at = "sources[" + i + "]";
            if (!names.add(source.get("name").asText())) {
                problems.add(new ConfigProblem(FILE, lineOf(source.get("name")), at + ".name", "'"
                        + source.get("name").asText() + "' names an earlier source too: give every source its own name"));
            }
            checkPath(source.path("config").path("source_path"), at + ".config.source_path", problems);
            checkPath(source.path("output").path("path"), at + ".output.path", problems);
            JsonNode template = source.path("generation").path("prompt_template");
            if ("llm_generated".equals(source.path("type").asText()) && template.isTextual()
                    && !template.asText().contains("{label}")) {
                problems.add(new ConfigProblem(FILE, lineOf(template), at + ".generation.prompt_template", "has no "
                        + "{label}, so the model cannot know which label to write: put {label} (and {count}) in it, "
                        + "e.g. \"Write {count} reviews that are {label}, one per line.\""));
            }
            JsonNode delimiter = source.path("config").path("delimiter");
            if (delimiter.isTextual() && unescape(delimiter.asText()) == null) {
                problems.add(new ConfigProblem(FILE, lineOf(delimiter), at + ".config.delimiter",
                        "one character is expected, e.g. \",\", \";\" or \"\\t\""));
            }
        }
        checkPath(root.path("merge").path("output_path"), "merge.output_path", problems);
        JsonNode ratios = root.path("split").path("ratios");
        if (ratios.isObject()) {
            double sum = ratios.path("train").asDouble() + ratios.path("valid").asDouble()
                    + ratios.path("test").asDouble();
            if (Math.abs(sum - 1.0) > 1e-6) {
                problems.add(new ConfigProblem(FILE, lineOf(ratios), "split.ratios", "train, valid and test add "
                        + "up to " + sum + ": they must add up to 1, e.g. 0.7, 0.15, 0.15"));
            }
        }
        JsonNode output = root.path("split").path("output");
        for (Split split : Split.values()) {
            JsonNode given = output.path(split.key());
            String expected = "data/" + split.fileName();
            if (given.isTextual() && !Path.of(given.asText()).normalize().toString().equals(expected)) {
                problems.add(new ConfigProblem(FILE, lineOf(given), "split.output." + split.key(), "the splits are "
                        + "always written to " + expected + " (the task layout, spec §5.3): write " + expected
                        + " or leave it out"));
            }
        }
    }

    private static void checkPath(JsonNode node, String path, List<ConfigProblem> problems) {
        if (!node.isTextual()) {
            return;
        }
        Path p = Path.of(node.asText()).normalize();
        if (p.isAbsolute() || p.startsWith("..") || p.toString().isEmpty()) {
            problems.add(new ConfigProblem(FILE, lineOf(node), path, "'" + node.asText() + "' leaves the task "
                    + "folder: give a path relative to the task folder, inside it (e.g. data/raw/reviews.csv)"));
        }
    }

    /** A delimiter as written ({@code ","}, {@code "\t"}, a real tab), or null when it is not one character. */
    static Character unescape(String delimiter) {
        if (delimiter.length() == 1) {
            return delimiter.charAt(0);
        }
        return "\\t".equals(delimiter) ? Character.valueOf('\t') : null;
    }

    private void collectEnv(JsonNode node, String path, Map<String, List<String>> uses) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collectEnv(field.getValue(), join(path.isEmpty() ? "$" : path, field.getKey()), uses);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectEnv(node.get(i), (path.isEmpty() ? "$" : path) + "[" + i + "]", uses);
            }
        } else if (node.isTextual()) {
            Matcher m = ENV_REF.matcher(node.asText());
            while (m.find()) {
                uses.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(path);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private DataSourceConfig build(JsonNode root, String sha256) {
        List<SourceDefinition> sources = new ArrayList<>();
        JsonNode list = root.path("sources");
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            Map<String, Object> config = new LinkedHashMap<>(plain.convertValue(s.path("config"), Map.class));
            if (s.path("query").isTextual()) {
                // a database source's query sits next to config (spec §5.2); readers find it with the settings
                config.putIfAbsent("query", s.get("query").asText());
            }
            // so do an api source's requests, an llm_generated source's generation, validation and regenerate,
            // and the field mapping of output.transform
            for (String key : List.of("requests", "generation", "validation", "regenerate")) {
                if (s.has(key)) {
                    config.putIfAbsent(key, plain.convertValue(s.get(key), Object.class));
                }
            }
            if (s.path("output").has("transform")) {
                config.putIfAbsent("transform", plain.convertValue(s.path("output").get("transform"), Object.class));
            }
            Map<String, String> mapping = new LinkedHashMap<>();
            s.path("mapping").properties().forEach(e -> mapping.put(e.getKey(), e.getValue().asText()));
            JsonNode out = s.path("output").path("path");
            sources.add(new SourceDefinition(i, s.get("name").asText(), s.get("type").asText(),
                    s.path("enabled").asBoolean(true), config, mapping, out.isTextual() ? out.asText() : null));
        }
        JsonNode m = root.path("merge");
        DataSourceConfig.Merge merge = new DataSourceConfig.Merge(m.path("enabled").asBoolean(true),
                m.path("output_path").asText(DataSourceConfig.Merge.DEFAULT_OUTPUT),
                m.path("deduplication").path("enabled").asBoolean(true),
                m.path("deduplication").path("key").asText("text"),
                m.path("shuffle").asBoolean(true), m.path("random_seed").asLong(42));
        JsonNode s = root.path("split");
        JsonNode r = s.path("ratios");
        JsonNode stratify = s.get("stratify_by");
        DataSourceConfig.SplitSettings split = new DataSourceConfig.SplitSettings(s.path("enabled").asBoolean(true),
                r.path("train").asDouble(0.7), r.path("valid").asDouble(0.15), r.path("test").asDouble(0.15),
                stratify == null || "label".equals(stratify.asText(null)),
                s.path("random_seed").asLong(DataSourceConfig.SplitSettings.DEFAULT_SEED));
        return new DataSourceConfig(root.get("version").asText(), sources, merge, split, environment(root), sha256);
    }

    private static InvalidDataSourceException invalid(Integer line, String path, String message) {
        return new InvalidDataSourceException(List.of(new ConfigProblem(FILE, line, path, message)));
    }
}
