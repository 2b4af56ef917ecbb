package io.ftcoach.infra.registry.web;

import io.ftcoach.infra.registry.RegistryProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Requires the registry's API token on every request except the health probe: as {@code Authorization: Bearer
 * <token>} (what {@code bearer.auth.token} sends) or as the password of HTTP basic auth with any user name (what
 * {@code basic.auth.user.info} sends). The token is compared in constant time and never logged.
 */
public final class ApiTokenFilter extends OncePerRequestFilter {

    static final String HEALTH_PATH = "/actuator/health";
    private static final Logger log = LoggerFactory.getLogger(ApiTokenFilter.class);
    private static final String HOW = "Send 'Authorization: Bearer <token>', or HTTP basic auth with the token as the "
            + "password; the token is the value of the " + RegistryProperties.API_TOKEN_ENV
            + " environment variable the registry was started with.";

    private final byte[] token;

    public ApiTokenFilter(String token) {
        this.token = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals(HEALTH_PATH) || path.startsWith(HEALTH_PATH + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        String problem;
        if (header == null || header.isBlank()) {
            problem = "Authentication required: the request has no Authorization header. " + HOW;
        } else {
            byte[] presented = presentedToken(header.trim());
            if (presented != null && token.length > 0 && MessageDigest.isEqual(presented, token)) {
                chain.doFilter(request, response);
                return;
            }
            problem = presented == null
                    ? "Authentication failed: unsupported Authorization scheme (use Bearer or Basic). " + HOW
                    : "Authentication failed: the token does not match the registry's API token. " + HOW;
        }
        log.debug("Rejected {} {} from {}: {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
                problem);
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"schema-registry\", Basic realm=\"schema-registry\"");
        response.setContentType(RegistryMediaTypes.V1_JSON);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"error_code\":401,\"message\":\"" + problem.replace("\"", "\\\"") + "\"}");
    }

    /** The bearer token or the basic-auth password; null when the header uses another scheme or is malformed. */
    private static byte[] presentedToken(String header) {
        int space = header.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = header.substring(0, space);
        String credentials = header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return credentials.getBytes(StandardCharsets.UTF_8);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String userInfo = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                int colon = userInfo.indexOf(':');
                return colon < 0 ? null : userInfo.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
