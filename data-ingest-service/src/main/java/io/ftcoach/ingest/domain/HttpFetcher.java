package io.ftcoach.ingest.domain;

import io.ftcoach.support.secrets.SecretMasking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP for the api, web_scrape and llm_generated sources: paced per host ({@link RequestPacer}), retried with
 * exponential back-off on 5xx, 429 and I/O errors (a {@code Retry-After} the server sends is honoured instead),
 * and every failure turned into a {@link SourceException} that names the source, the method and URL (secrets
 * masked), what the server said and the fix.
 */
final class HttpFetcher {

    /** A Retry-After longer than this is not waited for: the run fails and says when to try again. */
    static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(5);
    private static final int BODY_EXCERPT = 300;

    /**
     * From a source's {@code config}: {@code rate_limit} (requests per second), {@code retry {max_attempts,
     * backoff_ms, max_backoff_ms}}, {@code timeout_seconds}.
     */
    record Settings(double requestsPerSecond, int maxAttempts, Duration backoff, Duration maxBackoff,
                    Duration timeout) {

        static Settings of(SourceDefinition source, double defaultRate) {
            Map<?, ?> retry = source.config().get("retry") instanceof Map<?, ?> m ? m : Map.of();
            return new Settings(number(source.config().get("rate_limit"), defaultRate),
                    (int) number(retry.get("max_attempts"), 4),
                    Duration.ofMillis((long) number(retry.get("backoff_ms"), 500)),
                    Duration.ofMillis((long) number(retry.get("max_backoff_ms"), 30_000)),
                    Duration.ofSeconds((long) number(source.config().get("timeout_seconds"), 30)));
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

    /** A 2xx answer. */
    record Response(int status, byte[] body, Optional<String> contentType) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpClient client;
    private final Sleeper sleeper;
    private final RequestPacer pacer;

    HttpFetcher(HttpClient client, Sleeper sleeper, RequestPacer pacer) {
        this.client = client;
        this.sleeper = sleeper;
        this.pacer = pacer;
    }

    /**
     * @param secrets   values never to show: masked in the URL and in the server's answer as quoted in errors
     * @param authHint  what to check when the server answers 401 or 403, e.g. "the token in ${API_TOKEN}"
     * @param where404  what to check when the server answers 404, e.g. "config.urls"
     */
    Response send(SourceDefinition source, HttpRequest request, Settings settings, List<String> secrets,
                  String authHint, String where404) {
        String shown = request.method() + " " + SecretMasking.mask(request.uri().toString(), secrets);
        String where = source.label() + ": " + shown;
        String host = hostOf(request.uri());
        String lastProblem = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = pacer.call(host, settings.requestsPerSecond(), () -> {
                    try {
                        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SourceException(where + ": interrupted while waiting for the answer");
                    }
                });
            } catch (UncheckedIOException e) {
                lastProblem = "failed: " + describe(e.getCause());
                backOff(where, attempt, settings, null);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(where + ": interrupted while waiting for the rate limit");
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Response(status, response.body(),
                        response.headers().firstValue("Content-Type"));
            }
            if (status >= 300 && status < 400) {
                // redirects are not followed: credentials would go wherever the Location points
                throw new SourceException(where + " answered " + status + " (redirect to "
                        + response.headers().firstValue("Location").map(l -> SecretMasking.mask(l, secrets)).orElse("nowhere")
                        + "): write the address it redirects to in the configuration");
            }
            String said = excerpt(response.body(), secrets);
            if (status == 429 || status >= 500) {
                lastProblem = "answered " + status + (said.isEmpty() ? "" : " (" + said + ")");
                Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
                if (retryAfter != null && retryAfter.compareTo(LONGEST_RETRY_AFTER) > 0) {
                    throw new SourceException(where + " " + lastProblem + " and asks to wait " + retryAfter.toSeconds()
                            + " s (Retry-After): run again later" + (status == 429 ? ", or lower config.rate_limit"
                            : ""));
                }
                backOff(where, attempt, settings, retryAfter);
                continue;
            }
            throw new SourceException(where + " answered " + status + (said.isEmpty() ? "" : " (" + said + ")")
                    + ": " + fix(status, authHint, where404));
        }
        throw new SourceException(where + " " + lastProblem + " on all " + settings.maxAttempts() + " attempts: "
                + "check that the server is up and reachable from this service, then run again (config.retry."
                + "max_attempts sets how often to try)");
    }

    /**
     * One paced request whose status the caller judges (robots.txt: 404 means no rules); I/O errors are retried
     * with back-off. Empty when the host stayed unreachable.
     */
    Optional<HttpResponse<byte[]>> sendAnyStatus(SourceDefinition source, HttpRequest request, Settings settings) {
        String where = source.label() + ": " + request.method() + " " + request.uri();
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            try {
                return Optional.of(pacer.call(hostOf(request.uri()), settings.requestsPerSecond(), () -> {
                    try {
                        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SourceException(where + ": interrupted while waiting for the answer");
                    }
                }));
            } catch (UncheckedIOException e) {
                backOff(where, attempt, settings, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(where + ": interrupted while waiting for the rate limit");
            }
        }
        return Optional.empty();
    }

    private void backOff(String where, int attempt, Settings settings, Duration retryAfter) {
        if (attempt >= settings.maxAttempts()) {
            return;
        }
        Duration wait = retryAfter;
        if (wait == null) {
            long millis = settings.backoff().toMillis() << Math.min(attempt - 1, 20);
            wait = Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(where + ": interrupted while backing off");
        }
    }

    private static String fix(int status, String authHint, String where404) {
        return switch (status) {
            case 401 -> "the server refused the credentials: check " + authHint;
            case 403 -> "the credentials are not allowed to read this: check " + authHint + " and its permissions";
            case 404 -> "no such resource: check " + where404;
            case 400, 422 -> "the server refused the request: check the endpoint's params";
            default -> "the request was refused: check config.base_url, the endpoint and its params";
        };
    }

    /** {@code Retry-After} as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    static String hostOf(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static String excerpt(byte[] body, List<String> secrets) {
        String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        if (text.length() > BODY_EXCERPT) {
            text = text.substring(0, BODY_EXCERPT) + "…";
        }
        return SecretMasking.mask(text, secrets);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
