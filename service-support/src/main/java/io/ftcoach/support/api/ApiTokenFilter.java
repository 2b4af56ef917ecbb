package io.ftcoach.support.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks the API token on every request: {@code Authorization: Bearer <token>}, or HTTP basic auth whose password
 * is the token (for tools that only speak basic auth). Open without it: the bare health endpoint, so that
 * orchestrators can probe liveness (it reveals UP or DOWN and nothing else); the files of a web page, which hold
 * no data and which a browser cannot fetch with a bearer header (the page then asks for the token and sends it on
 * every API call); and CORS preflight requests, which browsers send without credentials.
 */
public final class ApiTokenFilter extends OncePerRequestFilter {

    public static final String TOKEN_ENV = "FTCOACH_API_TOKEN";
    private static final String HEALTH_PATH = "/actuator/health";

    private final byte[] token;
    private final Set<String> openPaths;

    public ApiTokenFilter(String token) {
        this(token, Set.of());
    }

    /** @param pagePaths the static files of a web page served by this service, e.g. {@code /index.html} */
    public ApiTokenFilter(String token, Set<String> pagePaths) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        Set<String> open = new HashSet<>(pagePaths);
        open.add(HEALTH_PATH);
        this.openPaths = Set.copyOf(open);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (openPaths.contains(request.getRequestURI()) || preflight(request)
                || presented(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"ftcoach\"");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"status\":401,\"error\":\"Unauthorized\",\"message\":\"This service requires "
                + "an API token: send 'Authorization: Bearer <token>' with the value of " + TOKEN_ENV + ".\"}");
    }

    private static boolean preflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod()) && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
    }

    /** Whether an {@code Authorization} header value carries the token (bearer, or as the basic-auth password). */
    public boolean accepts(String authorization) {
        return presented(authorization);
    }

    private boolean presented(String authorization) {
        if (authorization == null) {
            return false;
        }
        String candidate = null;
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            candidate = authorization.substring(7).strip();
        } else if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                candidate = colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        // constant-time comparison: the token must not leak through response timing
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
