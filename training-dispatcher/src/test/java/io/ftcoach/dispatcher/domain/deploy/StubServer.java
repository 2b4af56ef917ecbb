package io.ftcoach.dispatcher.domain.deploy;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local HTTP server that stands in for a remote API in tests: every request is recorded (method, path, headers,
 * body) and answered by the given function.
 */
public class StubServer implements AutoCloseable {

    public record Recorded(String method, String path, Map<String, List<String>> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public record Reply(int status, String body, Map<String, String> headers) {
        public static Reply json(int status, String body) {
            return new Reply(status, body, Map.of("Content-Type", "application/json"));
        }
    }

    private final HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Recorded, Reply> handler;

    public StubServer(Function<Recorded, Reply> handler) {
        this.handler = handler;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                Recorded r = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes());
                requests.add(r);
                Reply reply = this.handler.apply(r);
                reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                byte[] body = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
                boolean empty = body.length == 0 || r.method().equals("HEAD");
                exchange.sendResponseHeaders(reply.status(), empty ? -1 : body.length);
                if (!empty) {
                    exchange.getResponseBody().write(body);
                }
            } catch (RuntimeException e) {
                e.printStackTrace();
                throw e;
            }
        });
        server.start();
    }

    public void handler(Function<Recorded, Reply> handler) {
        this.handler = handler;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public List<Recorded> requests(String method, String pathPrefix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).toList();
    }

    public Recorded only(String method, String path) {
        List<Recorded> found = requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
        if (found.size() != 1) {
            throw new AssertionError("Expected one " + method + " " + path + ", got " + found.size() + " among "
                    + requests.stream().map(r -> r.method() + " " + r.path()).toList());
        }
        return found.get(0);
    }

    public void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
