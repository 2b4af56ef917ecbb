package io.ftcoach.support.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Takes known secrets out of text that is about to be shown, logged or stored: a server's answer, an exception's
 * message, a URL. Plain Java, for domain code.
 */
public final class SecretMasking {

    public static final String MASK = "****";

    private SecretMasking() {
    }

    /**
     * {@code text} with every occurrence of each secret, as written and URL-encoded (as it appears in a query
     * string), replaced by {@value #MASK}; null and empty secrets are skipped, null text stays null.
     */
    public static String mask(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, MASK).replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), MASK);
            }
        }
        return out;
    }
}
