package io.ftcoach.ingest.domain;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code llm_generated} source (spec §5.2): examples written by a model behind any OpenAI-compatible
 * {@code /v1/chat/completions} endpoint (OpenAI, Ollama, vLLM share it).
 *
 * <pre>
 * config:
 *   base_url: http://localhost:11434/v1      # default https://api.openai.com/v1
 *   model: gpt-4o-mini
 *   temperature: 0.7
 *   api_key: ${OPENAI_API_KEY}               # optional: a local server may need none
 *   rate_limit: 2                            # requests per second, default 2
 * generation:
 *   prompt_template: "Write {count} short takeaway reviews that are {label}, one per line."
 *   system_prompt: "You write realistic customer reviews."     # optional
 *   batch_size: 20                           # examples asked for per request
 *   variations: [{label: positive, count: 100}, {label: negative, count: 100}]
 * validation:
 *   require_review: true                     # default true: generated data is always sampled for review
 *   review_sample: 0.1                       # share of rows marked review: true in the output file
 *   seed: 42                                 # which rows are sampled
 * </pre>
 *
 * The answer holds one example per line (list markers and quotes are stripped) or a JSON array of strings or of
 * objects with {@code text}. Examples are de-duplicated, after normalising (NFKC, case, spaces, punctuation),
 * against the rows of the sources before this one and against each other; the model is asked again until every
 * label has its count, at most {@code generation.max_requests} times per label (default: three times the batches
 * needed, plus two). The output file marks the review sample with {@code review: true}; the position is the model,
 * the row counts, the sha-256 of that file and where the rows came from ({@code cache=stored:<key>} or
 * {@code cache=hit:<key>}, the key's first 12 hex digits).
 *
 * <p><b>Reproducible runs.</b> A model answers differently each time, so what it wrote is kept:
 * {@code data/generated/<source>/<key>.jsonl} (the output file) with a manifest {@code <key>.json}. The key is the
 * sha-256 of everything that decides the output: the endpoint, model, temperature, system prompt, prompt template,
 * batch size, max_requests, variations, the review settings, and the distinct normalised texts of the earlier
 * sources' rows (they decide which examples are dropped as repeats, so a changed earlier source means asking
 * again). Never the api key, which is resolved only when the model is asked: a run the cache answers needs none.
 * A run whose key has an entry sends no request and gives the same rows, output file and hence snapshot id. A
 * damaged entry (bad JSON, a rows file whose sha-256 is not its manifest's) fails the run naming the file rather
 * than silently asking the model again.
 *
 * <pre>
 * regenerate: true                           # on the source, next to type: ask the model on every run and replace
 *                                            # the entry; a DataRegenerationRequested (or ?regenerate=true on
 *                                            # POST .../data-source/run) does the same once
 * </pre>
 * The entry is written as soon as the model has answered (atomically, manifest last), before the run stores anything
 * else: it is no part of a snapshot, and a later source's failure does not throw away rows that were paid for.
 */
public final class LlmGeneratedSource implements SourceReader {

    public static final String TYPE = "llm_generated";
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    private static final double DEFAULT_RATE = 2;
    private static final Pattern LIST_MARKER = Pattern.compile("^(?:\\d+\\s*[.)、:：]|[-*•‧·]|#+)\\s*");
    private static final Pattern NOT_WORD = Pattern.compile("[\\p{P}\\p{S}\\s]+");

    private final HttpFetcher http;
    private final JsonMapper json = JsonMapper.builder().build();

    public LlmGeneratedSource(HttpClient client, Sleeper sleeper) {
        this.http = new HttpFetcher(client, sleeper, new RequestPacer(sleeper));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public SourceRows read(Path taskDir, SourceDefinition source, Function<String, String> environment) {
        return read(taskDir, source, environment, List.of());
    }

    @Override
    public SourceRows read(Path taskDir, SourceDefinition source, Function<String, String> environment,
                           List<LabeledRow> earlierRows) {
        return read(taskDir, source, environment, earlierRows, false);
    }

    @Override
    public SourceRows read(Path taskDir, SourceDefinition source, Function<String, String> environment,
                           List<LabeledRow> earlierRows, boolean regenerate) {
        Settings settings = settings(source, environment);
        Set<String> seen = new HashSet<>();
        earlierRows.forEach(r -> seen.add(normalise(r.text())));
        ObjectNode keyed = keyed(settings, seen);
        String key = Sha256.hex(json.writeValueAsBytes(keyed));
        GenerationCache cache = new GenerationCache(taskDir, source);
        if (!regenerate && !Boolean.TRUE.equals(source.config().get("regenerate"))) {
            Optional<GenerationCache.Entry> cached = cache.read(key);
            if (cached.isPresent()) {
                GenerationCache.Entry entry = cached.get();
                return new SourceRows(source, entry.rows(), position(settings, entry.rows().size(), entry.review(),
                        entry.output()) + " cache=hit:" + key.substring(0, 12), entry.output());
            }
        }

        // resolved only now: a run that the cache answers needs no key
        Object rawKey = source.config().get("api_key");
        String apiKey = EnvReferences.resolve(source, "config.api_key", rawKey, environment);
        List<String> secrets = apiKey == null ? List.of() : List.of(apiKey);
        String authHint = rawKey == null ? "whether the endpoint needs config.api_key: ${OPENAI_API_KEY}"
                : "the key in " + EnvReferences.describe(rawKey) + " (config.api_key)";
        HttpFetcher.Settings httpSettings = HttpFetcher.Settings.of(source, DEFAULT_RATE);
        List<LabeledRow> rows = new ArrayList<>();
        for (Variation variation : settings.variations()) {
            String label = variation.label();
            int count = variation.count();
            int batch = settings.batchSize();
            int maxRequests = settings.maxRequests() != null ? settings.maxRequests()
                    : ((count + batch - 1) / batch) * 3 + 2;
            int got = 0;
            for (int requests = 0; got < count; requests++) {
                if (requests == maxRequests) {
                    throw new SourceException(source.label() + ": the model gave only " + got + " distinct new "
                            + "examples of '" + label + "' (of " + count + ") in " + maxRequests + " requests; the "
                            + "rest repeated earlier rows or each other: vary the prompt, raise config.temperature, "
                            + "lower the count, or raise generation.max_requests");
                }
                int n = Math.min(batch, count - got);
                String prompt = settings.template().replace("{count}", Integer.toString(n)).replace("{label}", label);
                String content = complete(source, settings.endpoint(), settings.model(), settings.temperature(),
                        settings.systemPrompt(), prompt, apiKey, secrets, authHint, httpSettings);
                for (String example : examples(source, settings.endpoint(), content)) {
                    if (got < count && seen.add(normalise(example))) {
                        rows.add(LabeledRow.of(example, label));
                        got++;
                    }
                }
            }
        }
        Set<Integer> review = reviewSample(settings, rows.size());
        byte[] output = output(rows, review);
        // kept as soon as the model has answered, so rows that were paid for survive a later source's failure;
        // the manifest shows base_url as written, so a ${VAR} in it stays a reference
        ObjectNode shown = keyed.deepCopy();
        shown.put("endpoint", source.configString("base_url", DEFAULT_BASE_URL));
        cache.write(key, shown, output, rows.size(), review.size());
        return new SourceRows(source, rows, position(settings, rows.size(), review.size(), output) + " cache=stored:"
                + key.substring(0, 12), output);
    }

    private static String position(Settings settings, int rows, int review, byte[] output) {
        return "model=" + settings.model() + " rows=" + rows + " review=" + review + " sha256=" + Sha256.hex(output);
    }

    /** One {label, count} of generation.variations. */
    record Variation(String label, int count) {
    }

    /**
     * The settings that decide what a run writes, checked.
     *
     * @param maxRequests generation.max_requests, or null: then per label three times the batches needed, plus two
     */
    record Settings(URI endpoint, String model, double temperature, String systemPrompt, String template,
                    int batchSize, Integer maxRequests, List<Variation> variations, boolean requireReview,
                    double reviewShare, long reviewSeed) {
    }

    private static Settings settings(SourceDefinition source, Function<String, String> environment) {
        String baseUrl = EnvReferences.resolve(source, "config.base_url",
                source.configString("base_url", DEFAULT_BASE_URL), environment);
        String model = source.configString("model", null);
        if (model == null || model.isBlank()) {
            throw new SourceException(source.label() + ": config.model is missing: name the model the endpoint "
                    + "serves, e.g. gpt-4o-mini or qwen2.5:7b");
        }
        Map<?, ?> generation = source.config().get("generation") instanceof Map<?, ?> g ? g : Map.of();
        String template = generation.get("prompt_template") == null ? null : generation.get("prompt_template")
                .toString();
        if (template == null || template.isBlank()) {
            throw new SourceException(source.label() + ": generation.prompt_template is missing: write the prompt, "
                    + "with {count} and {label}, e.g. \"Write {count} reviews that are {label}, one per line.\"");
        }
        if (!template.contains("{label}")) {
            throw new SourceException(source.label() + ": generation.prompt_template has no {label}: without it the "
                    + "model cannot know which label to write examples for; add {label} (and {count})");
        }
        if (!(generation.get("variations") instanceof List<?> list) || list.isEmpty()) {
            throw new SourceException(source.label() + ": generation.variations is missing: list {label, count} "
                    + "for each label to generate");
        }
        int batch = (int) number(generation.get("batch_size"), number(source.config().get("batch_size"), 20));
        if (batch < 1) {
            throw new SourceException(source.label() + ": generation.batch_size must be at least 1");
        }
        List<Variation> variations = new ArrayList<>();
        for (int v = 0; v < list.size(); v++) {
            if (!(list.get(v) instanceof Map<?, ?> variation) || variation.get("label") == null) {
                throw new SourceException(source.label() + ": generation.variations[" + v + "] needs a label and a "
                        + "count, e.g. {label: positive, count: 100}");
            }
            int count = (int) number(variation.get("count"), 0);
            if (count < 1) {
                throw new SourceException(source.label() + ": generation.variations[" + v + "].count must be at "
                        + "least 1");
            }
            variations.add(new Variation(variation.get("label").toString(), count));
        }
        String systemPrompt = generation.get("system_prompt") == null ? null : generation.get("system_prompt")
                .toString();
        Integer maxRequests = generation.get("max_requests") == null ? null
                : (int) number(generation.get("max_requests"), 0);
        Map<?, ?> validation = source.config().get("validation") instanceof Map<?, ?> v ? v : Map.of();
        return new Settings(endpoint(source, baseUrl), model, number(source.config().get("temperature"), 0.7),
                systemPrompt == null || systemPrompt.isBlank() ? null : systemPrompt, template, batch, maxRequests,
                List.copyOf(variations), !Boolean.FALSE.equals(validation.get("require_review")),
                number(validation.get("review_sample"), 0.1), (long) number(validation.get("seed"), 42));
    }

    /**
     * The cache key's input, in a fixed order: everything that decides the rows and the output file. The earlier
     * rows count as the sha-256 of their distinct normalised texts, sorted: a new earlier row may be one the model
     * would have written, so it means asking again. Not in it: the api key, rate limit, retry and timeout.
     */
    private ObjectNode keyed(Settings s, Set<String> seen) {
        ObjectNode node = json.createObjectNode();
        node.put("cache_format", 1);
        node.put("endpoint", s.endpoint().toString());
        node.put("model", s.model());
        node.put("temperature", s.temperature());
        node.put("system_prompt", s.systemPrompt());
        node.put("prompt_template", s.template());
        node.put("batch_size", s.batchSize());
        node.put("max_requests", s.maxRequests());
        ArrayNode variations = node.putArray("variations");
        s.variations().forEach(v -> variations.addObject().put("label", v.label()).put("count", v.count()));
        node.putObject("review").put("require_review", s.requireReview()).put("review_sample", s.reviewShare())
                .put("seed", s.reviewSeed());
        List<String> sorted = new ArrayList<>(seen);
        Collections.sort(sorted);
        node.putObject("earlier_rows").put("distinct_texts", sorted.size())
                .put("sha256", Sha256.hex(String.join("\n", sorted).getBytes(StandardCharsets.UTF_8)));
        return node;
    }

    private String complete(SourceDefinition source, URI endpoint, String model, double temperature,
                            String systemPrompt, String prompt, String apiKey, List<String> secrets, String authHint,
                            HttpFetcher.Settings settings) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        body.put("temperature", temperature);
        ArrayNode messages = body.putArray("messages");
        if (systemPrompt != null && !systemPrompt.isBlank()) {
            messages.addObject().put("role", "system").put("content", systemPrompt);
        }
        messages.addObject().put("role", "user").put("content", prompt);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(settings.timeout().multipliedBy(4))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (apiKey != null && !apiKey.isEmpty()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpFetcher.Response response = http.send(source, request.build(), settings, secrets, authHint,
                "config.base_url (an OpenAI-compatible base ends in /v1, e.g. http://localhost:11434/v1) and "
                        + "config.model");
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (JacksonException e) {
            throw new SourceException(source.label() + ": POST " + endpoint + ": the answer is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage() + "): check that config.base_url is an OpenAI-compatible API", e);
        }
        JsonNode content = answer.path("choices").path(0).path("message").path("content");
        if (!content.isString()) {
            throw new SourceException(source.label() + ": POST " + endpoint + ": the answer has no choices[0].message."
                    + "content (its fields are " + ApiSource.fieldNames(answer) + "): check that config.base_url is "
                    + "an OpenAI-compatible chat-completions API");
        }
        return content.asString();
    }

    /** One example per line, or a JSON array of strings or of objects with text. */
    List<String> examples(SourceDefinition source, URI endpoint, String content) {
        String text = content.strip();
        if (text.startsWith("```")) {
            int firstLine = text.indexOf('\n');
            int fence = text.lastIndexOf("```");
            text = firstLine > 0 && fence > firstLine ? text.substring(firstLine + 1, fence).strip() : text;
        }
        List<String> out = new ArrayList<>();
        if (text.startsWith("[")) {
            JsonNode array;
            try {
                array = json.readTree(text);
            } catch (JacksonException e) {
                throw new SourceException(source.label() + ": POST " + endpoint + ": the model answered with a JSON "
                        + "array that is malformed (line " + e.getLocation().getLineNr() + " of its answer: "
                        + e.getOriginalMessage() + "): ask for one example per line in generation.prompt_template, "
                        + "or for a JSON array of strings", e);
            }
            for (JsonNode element : array) {
                String value = element.isString() ? element.asString()
                        : element.path("text").isString() ? element.path("text").asString() : null;
                if (value != null && !value.isBlank()) {
                    out.add(value.strip());
                }
            }
            return out;
        }
        for (String line : text.split("\\R")) {
            String example = LIST_MARKER.matcher(line.strip()).replaceFirst("").strip();
            example = stripQuotes(example);
            if (!example.isEmpty()) {
                out.add(example);
            }
        }
        return out;
    }

    private static String stripQuotes(String s) {
        String[][] pairs = {{"\"", "\""}, {"“", "”"}, {"「", "」"}, {"'", "'"}};
        for (String[] p : pairs) {
            if (s.length() >= 2 && s.startsWith(p[0]) && s.endsWith(p[1])) {
                return s.substring(p[0].length(), s.length() - p[1].length()).strip();
            }
        }
        return s;
    }

    /** Texts that differ only in width, case, spaces or punctuation are one text. */
    static String normalise(String text) {
        return NOT_WORD.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT))
                .replaceAll("");
    }

    /** The rows to mark for review: round(share × n), at least one when the share is above 0, chosen by the seed. */
    private static Set<Integer> reviewSample(Settings settings, int n) {
        if (!settings.requireReview() || n == 0) {
            return Set.of();
        }
        double share = settings.reviewShare();
        int k = share <= 0 ? 0 : (int) Math.max(1, Math.min(n, Math.round(share * n)));
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            indexes.add(i);
        }
        Collections.shuffle(indexes, new Random(settings.reviewSeed()));
        return new HashSet<>(indexes.subList(0, k));
    }

    private byte[] output(List<LabeledRow> rows, Set<Integer> review) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            ObjectNode node = json.createObjectNode();
            node.put("text", rows.get(i).text());
            node.put("label", rows.get(i).label());
            node.put("review", review.contains(i));
            out.append(json.writeValueAsString(node)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static URI endpoint(SourceDefinition source, String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (!base.endsWith("/chat/completions")) {
            base = base + "/chat/completions";
        }
        try {
            URI uri = URI.create(base);
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new SourceException(source.label() + ": config.base_url '" + baseUrl + "' is not a valid http(s) "
                    + "URL (" + e.getMessage() + "): write e.g. https://api.openai.com/v1 or "
                    + "http://localhost:11434/v1", e);
        }
    }

    private static double number(Object value, double fallback) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return value == null ? fallback : Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
