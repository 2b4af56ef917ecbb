package io.ftcoach.platform.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ftcoach.support.api.ApiTokenFilter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

/**
 * The operations view over HTTP, beside the embedded platform: {@code GET /api/ops/topics} (add {@code ?all=true}
 * for every non-internal topic) answers the {@link TopicsReport} as JSON. Guarded like the services: with an API
 * token set, {@code Authorization: Bearer <token>} (or basic auth with the token as password) is required, and
 * without one it only binds to a loopback address.
 */
public final class OpsEndpoint implements AutoCloseable {

    public static final String PATH = "/api/ops/topics";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final TopicsReader reader;
    private final ApiTokenFilter guard;

    private OpsEndpoint(HttpServer server, TopicsReader reader, String token) {
        this.server = server;
        this.reader = reader;
        this.guard = token == null ? null : new ApiTokenFilter(token);
    }

    /**
     * @param port 0 picks a free port
     * @throws IllegalStateException for a non-loopback address without a token, as the services refuse it too
     */
    public static OpsEndpoint start(String bindAddress, int port, String bootstrapServers, String apiToken) {
        String token = apiToken == null || apiToken.isBlank() ? null : apiToken.strip();
        try {
            InetAddress address = InetAddress.getByName(bindAddress);
            if (token == null && !address.isLoopbackAddress()) {
                throw new IllegalStateException("The operations endpoint will not listen on " + bindAddress
                        + " without an API token: set FTCOACH_API_TOKEN, or bind to 127.0.0.1");
            }
            HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
            OpsEndpoint endpoint = new OpsEndpoint(server,
                    new TopicsReader(bootstrapServers, Duration.ofSeconds(10), Clock.systemUTC()), token);
            server.createContext("/", endpoint::handle);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException("The operations endpoint cannot listen on " + bindAddress + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    /** {@code http://host:port}, where the view is at {@link #PATH}. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorised(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"ftcoach\"");
                problem(exchange, 401, "This endpoint requires an API token: send 'Authorization: Bearer <token>' "
                        + "with the value of FTCOACH_API_TOKEN.");
                return;
            }
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                problem(exchange, 404, "No such resource; the operations view is GET " + PATH);
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().add("Allow", "GET");
                problem(exchange, 405, "Only GET is supported on " + PATH);
                return;
            }
            String query = exchange.getRequestURI().getQuery();
            boolean all = query != null && query.matches("(.*&)?all=true(&.*)?");
            TopicsReport report;
            try {
                report = reader.read(all);
            } catch (IllegalStateException e) {
                problem(exchange, 503, e.getMessage());
                return;
            }
            send(exchange, 200, JSON.writeValueAsBytes(report));
        }
    }

    private boolean authorised(String authorization) {
        // the services' own check: bearer or basic-auth password, compared in constant time
        return guard == null || guard.accepts(authorization);
    }

    private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("status", status).put("detail", detail);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        send(exchange, status, JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        reader.close();
    }
}
