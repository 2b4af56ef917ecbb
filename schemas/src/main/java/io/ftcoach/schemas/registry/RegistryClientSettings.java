package io.ftcoach.schemas.registry;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach a schema registry.
 *
 * @param urls              base URLs, tried in order when one cannot be reached
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null
 * @param bearerToken       token for {@code Authorization: Bearer}, or null; wins over basic auth
 * @param requestTimeout    time allowed for one request
 * @param maxRetries        further attempts after a network failure or a 5xx answer
 * @param retryBackoff      wait before the first retry; doubled for each further one
 */
public record RegistryClientSettings(List<String> urls, String basicAuthUserInfo, String bearerToken,
                                     Duration requestTimeout, int maxRetries, Duration retryBackoff) {

    public RegistryClientSettings {
        Objects.requireNonNull(urls, "urls");
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("schema registry url is empty: set schema.registry.url, e.g. http://127.0.0.1:8081");
        }
        urls = urls.stream().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).toList();
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        retryBackoff = retryBackoff == null ? Duration.ofMillis(200) : retryBackoff;
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
    }

    public static RegistryClientSettings of(String url) {
        return new RegistryClientSettings(List.of(url), null, null, null, 3, null);
    }

    /** Never print a secret: the user name is kept, the password and token are masked. */
    @Override
    public String toString() {
        String basic = basicAuthUserInfo == null ? "none"
                : basicAuthUserInfo.substring(0, Math.max(0, basicAuthUserInfo.indexOf(':'))) + ":****";
        return "RegistryClientSettings[urls=" + urls + ", basicAuth=" + basic
                + ", bearerToken=" + (bearerToken == null ? "none" : "****")
                + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries + "]";
    }
}
