package io.ftcoach.ingest.domain;

import io.ftcoach.support.secrets.SecretMasking;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code api} source (spec §5.2): a REST API read with {@link java.net.http.HttpClient}, JSON answers read with
 * Jackson.
 *
 * <pre>
 * config:
 *   base_url: https://api.example.com/v1
 *   auth: {type: bearer, token: ${API_TOKEN}}            # or basic {username, password: ${API_PASSWORD}},
 *                                                        # or api_key {api_key: ${API_KEY}, in: header|query,
 *                                                        #   header: X-API-Key, param: api_key}
 *   rate_limit: 5                                        # requests per second, default 5
 *   retry: {max_attempts: 4, backoff_ms: 500, max_backoff_ms: 30000}
 * requests:
 *   - endpoint: /reviews
 *     params: {lang: zh}
 *     items: data.items                                  # where the records are; default: the answer is an array
 *     pagination: {type: offset|page|cursor, …}
 * output:
 *   transform: {text: item.content, label: item.sentiment, entity: item.shop}   # or mapping: {…}
 * </pre>
 *
 * Pagination: {@code offset} ({@code offset_param} offset, {@code limit_param} limit, {@code limit} 100) and
 * {@code page} ({@code page_param} page, {@code start} 1, optional {@code limit_param}/{@code limit}) stop at a
 * short or empty page; {@code cursor} ({@code cursor_param} cursor, {@code cursor_field} the next cursor in the
 * answer) stops when the answer has no next cursor. {@code max_pages} (10000) guards against a server that never
 * stops. The position is where each request ended: its last offset, page or cursor.
 */
public final class ApiSource implements SourceReader {

    public static final String TYPE = "api";
    private static final double DEFAULT_RATE = 5;

    private final HttpFetcher http;
    private final JsonMapper json = JsonMapper.builder().build();

    public ApiSource(HttpClient client, Sleeper sleeper) {
        this.http = new HttpFetcher(client, sleeper, new RequestPacer(sleeper));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public SourceRows read(Path taskDir, SourceDefinition source, Function<String, String> environment) {
        String baseUrl = EnvReferences.resolve(source, "config.base_url", source.config().get("base_url"),
                environment);
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new SourceException(source.label() + ": config.base_url is missing: give the API's address, e.g. "
                    + "https://api.example.com/v1");
        }
        Auth auth = Auth.of(source, environment);
        Map<String, JsonFieldPath> fields = fields(source);
        HttpFetcher.Settings settings = HttpFetcher.Settings.of(source, DEFAULT_RATE);
        if (!(source.config().get("requests") instanceof List<?> requests) || requests.isEmpty()) {
            throw new SourceException(source.label() + ": requests is missing: list at least one {endpoint: …}");
        }
        List<LabeledRow> rows = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (!(requests.get(i) instanceof Map<?, ?> request)) {
                throw new SourceException(source.label() + ": requests[" + i + "] must be a mapping with an endpoint");
            }
            positions.add(readRequest(source, i, request, baseUrl, auth, fields, settings, environment, rows));
        }
        return new SourceRows(source, rows, String.join("; ", positions));
    }

    /** Reads every page of one request into {@code rows}; returns where it ended. */
    private String readRequest(SourceDefinition source, int index, Map<?, ?> request, String baseUrl, Auth auth,
                               Map<String, JsonFieldPath> fields, HttpFetcher.Settings settings,
                               Function<String, String> environment, List<LabeledRow> rows) {
        String at = "requests[" + index + "]";
        String endpoint = string(request.get("endpoint"), "");
        String method = string(request.get("method"), "GET").toUpperCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        if (request.get("params") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> params.put(k.toString(), EnvReferences.resolve(source, at + ".params." + k, v,
                    environment)));
        }
        Map<?, ?> pagination = request.get("pagination") instanceof Map<?, ?> p ? p : Map.of();
        String type = string(pagination.get("type"), "none");
        JsonFieldPath items = request.get("items") != null ? JsonFieldPath.parse(request.get("items").toString())
                : source.config().get("items") != null ? JsonFieldPath.parse(source.config().get("items").toString())
                : null;
        int maxPages = (int) longValue(pagination.get("max_pages"), 10_000);
        long limit = longValue(pagination.get("limit"), "offset".equals(type) ? 100 : -1);
        String limitParam = string(pagination.get("limit_param"), "offset".equals(type) ? "limit" : null);
        if (limit > 0 && limitParam != null) {
            params.put(limitParam, Long.toString(limit));
        }
        long offset = longValue(pagination.get("start"), "page".equals(type) ? 1 : 0);
        String cursor = null;
        String position = switch (type) {
            case "offset" -> "offset=" + offset;
            case "page" -> "page=" + offset;
            default -> "cursor=";
        };
        for (int page = 1; ; page++) {
            if (page > maxPages) {
                throw new SourceException(source.label() + ": " + at + " " + endpoint + " still had more after "
                        + maxPages + " pages: raise " + at + ".pagination.max_pages, or check that the "
                        + "pagination settings match the API (it may be ignoring " + type + " parameters)");
            }
            Map<String, String> query = new LinkedHashMap<>(params);
            switch (type) {
                case "offset" -> query.put(string(pagination.get("offset_param"), "offset"), Long.toString(offset));
                case "page" -> query.put(string(pagination.get("page_param"), "page"), Long.toString(offset));
                case "cursor" -> {
                    if (cursor != null) {
                        query.put(string(pagination.get("cursor_param"), "cursor"), cursor);
                    }
                }
                case "none" -> { }
                default -> throw new SourceException(source.label() + ": " + at + ".pagination.type '" + type
                        + "' is not one of offset, cursor, page");
            }
            auth.addQuery(query);
            URI uri = uri(source, baseUrl, endpoint, query);
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                    .header("Accept", "application/json");
            auth.addHeaders(builder);
            if ("POST".equals(method)) {
                builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        request.get("body") == null ? "{}" : json.writeValueAsString(request.get("body"))));
            } else {
                builder.GET();
            }
            HttpRequest httpRequest = builder.build();
            String shown = method + " " + SecretMasking.mask(uri.toString(), auth.secrets());
            HttpFetcher.Response response = http.send(source, httpRequest, settings, auth.secrets(), auth.hint(),
                    "config.base_url and " + at + ".endpoint");
            JsonNode root;
            try {
                root = json.readTree(response.body());
            } catch (JacksonException e) {
                throw new SourceException(source.label() + ": " + shown + ": the answer is not valid JSON (line "
                        + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                        + e.getOriginalMessage() + "): check that config.base_url and the endpoint point at the JSON "
                        + "API, not a web page", e);
            }
            JsonNode list = items == null ? root : items.find(root);
            if (list == null || !list.isArray()) {
                throw new SourceException(source.label() + ": " + shown + ": " + (items == null
                        ? "the answer is not a JSON array: set " + at + ".items to where the records are (e.g. "
                        + "data.items); its fields are " + fieldNames(root)
                        : at + ".items '" + items.expression() + "' is not an array in the answer: point it at the "
                        + "list of records; the answer's fields are " + fieldNames(root)));
            }
            for (int i = 0; i < list.size(); i++) {
                rows.add(row(source, shown, i, list.get(i), fields));
            }
            switch (type) {
                case "offset" -> {
                    position = "offset=" + offset;
                    offset += list.size();
                    if (list.isEmpty() || list.size() < limit) {
                        return method + " " + endpoint + " " + position;
                    }
                }
                case "page" -> {
                    if (!list.isEmpty()) {
                        position = "page=" + offset;
                    }
                    offset++;
                    if (list.isEmpty() || (limit > 0 && list.size() < limit)) {
                        return method + " " + endpoint + " " + position;
                    }
                }
                case "cursor" -> {
                    position = "cursor=" + (cursor == null ? "" : cursor);
                    String field = string(pagination.get("cursor_field"), null);
                    if (field == null) {
                        throw new SourceException(source.label() + ": " + at + ".pagination.cursor_field is "
                                + "missing: name where the answer holds the next cursor, e.g. meta.next_cursor");
                    }
                    String next = JsonFieldPath.parse(field).text(root);
                    if (next == null || next.isBlank() || next.equals(cursor) || list.isEmpty()) {
                        return method + " " + endpoint + " " + position;
                    }
                    cursor = next;
                }
                default -> {
                    return method + " " + endpoint;
                }
            }
        }
    }

    private static LabeledRow row(SourceDefinition source, String shown, int index, JsonNode item,
                                  Map<String, JsonFieldPath> fields) {
        String[] values = new String[3];
        String[] keys = {"text", "label", "entity"};
        for (int k = 0; k < keys.length; k++) {
            JsonFieldPath path = fields.get(keys[k]);
            if (path == null) {
                continue;
            }
            String value = path.text(item);
            if ((value == null || value.isBlank()) && k < 2) {
                throw new SourceException(source.label() + ": " + shown + ", item " + index + ": the " + keys[k]
                        + " '" + path.expression() + "' is " + (value == null ? "not in the item" : "empty")
                        + " (its fields are " + fieldNames(item) + "): map " + keys[k] + " to the field that holds "
                        + "it in output.transform");
            }
            values[k] = value == null || value.isBlank() ? null : value.strip();
        }
        return new LabeledRow(values[0], values[1], values[2]);
    }

    /** text and label (required) and entity (optional) ← a path in each record: {@code mapping}, else output.transform. */
    static Map<String, JsonFieldPath> fields(SourceDefinition source) {
        Map<String, String> given = new LinkedHashMap<>(source.mapping());
        String from = "mapping";
        if (given.isEmpty() && source.config().get("transform") instanceof Map<?, ?> transform) {
            transform.forEach((k, v) -> given.put(k.toString(), v == null ? null : v.toString()));
            from = "output.transform";
        }
        for (String required : List.of("text", "label")) {
            if (given.get(required) == null || given.get(required).isBlank()) {
                throw new SourceException(source.label() + ": output.transform." + required + " is missing: say "
                        + "which field of each record holds the " + required + ", e.g. output.transform: {text: "
                        + "item.content, label: item.sentiment}");
            }
        }
        Map<String, JsonFieldPath> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (!List.of("text", "label", "entity").contains(e.getKey())) {
                throw new SourceException(source.label() + ": " + from + "." + e.getKey() + " is not a field rows "
                        + "have: map text, label and optionally entity");
            }
            try {
                out.put(e.getKey(), JsonFieldPath.parse(e.getValue()));
            } catch (IllegalArgumentException bad) {
                throw new SourceException(source.label() + ": " + from + "." + e.getKey() + " '" + e.getValue()
                        + "' is not a JSON pointer (/a/b) or dotted path (a.b): " + bad.getMessage(), bad);
            }
        }
        return out;
    }

    private static URI uri(SourceDefinition source, String baseUrl, String endpoint, Map<String, String> query) {
        String base = baseUrl.endsWith("/") && endpoint.startsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1)
                : baseUrl;
        StringBuilder url = new StringBuilder(base).append(endpoint.isEmpty() || endpoint.startsWith("/")
                || base.endsWith("/") ? "" : "/").append(endpoint);
        String separator = url.indexOf("?") >= 0 ? "&" : "?";
        for (Map.Entry<String, String> e : query.entrySet()) {
            url.append(separator).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8));
            separator = "&";
        }
        try {
            URI uri = URI.create(url.toString());
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new SourceException(source.label() + ": config.base_url with endpoint '" + endpoint + "' is not a "
                    + "valid http(s) URL (" + e.getMessage() + "): write e.g. base_url: https://api.example.com/v1 "
                    + "and endpoint: /reviews", e);
        }
    }

    static List<String> fieldNames(JsonNode node) {
        if (node == null || !node.isObject()) {
            return List.of();
        }
        return new ArrayList<>(node.propertyNames());
    }

    private static String string(Object value, String fallback) {
        return value == null ? fallback : value.toString();
    }

    private static long longValue(Object value, long fallback) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return value == null ? fallback : Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** config.auth with its secrets resolved; they go into headers or the query and nowhere else. */
    private record Auth(String type, Map<String, String> headers, Map<String, String> query, List<String> secrets,
                        String hint) {

        static Auth of(SourceDefinition source, Function<String, String> environment) {
            if (!(source.config().get("auth") instanceof Map<?, ?> auth)) {
                return new Auth("none", Map.of(), Map.of(), List.of(), "whether the API needs config.auth");
            }
            String type = string(auth.get("type"), "");
            return switch (type) {
                case "bearer" -> {
                    Object raw = auth.get("token");
                    String token = required(source, "config.auth.token", raw, environment, "${API_TOKEN}");
                    yield new Auth(type, Map.of("Authorization", "Bearer " + token), Map.of(), List.of(token),
                            "the bearer token in " + EnvReferences.describe(raw) + " (config.auth.token)");
                }
                case "basic" -> {
                    String user = required(source, "config.auth.username", auth.get("username"), environment,
                            "${API_USER}");
                    Object raw = auth.get("password");
                    String password = required(source, "config.auth.password", raw, environment, "${API_PASSWORD}");
                    String encoded = Base64.getEncoder().encodeToString((user + ":" + password)
                            .getBytes(StandardCharsets.UTF_8));
                    yield new Auth(type, Map.of("Authorization", "Basic " + encoded), Map.of(),
                            List.of(password, encoded), "config.auth.username and the password in "
                            + EnvReferences.describe(raw) + " (config.auth.password)");
                }
                case "api_key" -> {
                    Object raw = auth.get("api_key") != null ? auth.get("api_key") : auth.get("key");
                    String key = required(source, "config.auth.api_key", raw, environment, "${API_KEY}");
                    String hint = "the key in " + EnvReferences.describe(raw) + " (config.auth.api_key)";
                    if ("query".equals(string(auth.get("in"), "header"))) {
                        yield new Auth(type, Map.of(), Map.of(string(auth.get("param"), "api_key"), key),
                                List.of(key), hint);
                    }
                    yield new Auth(type, Map.of(string(auth.get("header"), "X-API-Key"), key), Map.of(),
                            List.of(key), hint);
                }
                default -> throw new SourceException(source.label() + ": config.auth.type '" + type + "' is not one "
                        + "of bearer, basic, api_key");
            };
        }

        private static String required(SourceDefinition source, String field, Object raw,
                                       Function<String, String> environment, String example) {
            String value = EnvReferences.resolve(source, field, raw, environment);
            if (value == null || value.isEmpty()) {
                throw new SourceException(source.label() + ": " + field + " is missing: write " + field.substring(
                        field.lastIndexOf('.') + 1) + ": " + example + " and set that variable");
            }
            return value;
        }

        void addHeaders(HttpRequest.Builder builder) {
            headers.forEach(builder::header);
        }

        void addQuery(Map<String, String> target) {
            target.putAll(query);
        }
    }
}
