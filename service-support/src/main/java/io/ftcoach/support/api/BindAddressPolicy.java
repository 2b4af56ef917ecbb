package io.ftcoach.support.api;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A service may listen beyond this machine only when an API token protects it. */
public final class BindAddressPolicy {

    private BindAddressPolicy() {
    }

    /**
     * @param address the configured {@code server.address}; blank means every interface
     * @throws IllegalStateException when the address is reachable from other machines and no token is set
     */
    public static void check(String service, String address, boolean hasToken) {
        if (hasToken || isLoopback(address)) {
            return;
        }
        throw new IllegalStateException(service + " is configured to listen on "
                + (address == null || address.isBlank() ? "every network interface" : address)
                + ", which other machines can reach, but no API token is set. Set the environment variable "
                + ApiTokenFilter.TOKEN_ENV + " to a secret (every HTTP request must then send "
                + "'Authorization: Bearer <token>'), or bind to 127.0.0.1 (FTCOACH_BIND_ADDRESS=127.0.0.1).");
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            InetAddress a = InetAddress.getByName(address.strip());
            return a.isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
