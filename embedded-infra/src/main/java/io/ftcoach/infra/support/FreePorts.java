package io.ftcoach.infra.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port helpers shared by the broker and PostgreSQL launchers. */
public final class FreePorts {

    public static final String LOOPBACK = "127.0.0.1";

    private FreePorts() {
    }

    /**
     * A port that was free on 127.0.0.1 a moment ago. Another process may still take it before the caller binds;
     * the launchers accept that small race rather than holding the socket open across a hand-over they do not control.
     */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + LOOPBACK + ": " + e.getMessage(), e);
        }
    }

    /** Whether nothing listens on 127.0.0.1:port right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
