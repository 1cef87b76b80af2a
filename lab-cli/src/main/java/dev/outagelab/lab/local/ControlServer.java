package dev.outagelab.lab.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.outagelab.lab.http.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The supervisor's control API on 127.0.0.1 (ephemeral port, published in supervisor.json). Every request
 * needs the lab's admin token: any local user can reach a loopback port.
 */
public final class ControlServer implements AutoCloseable {

    private static final Pattern INSTANCE_ACTION = Pattern.compile("^/instances/([A-Za-z0-9._-]+)/(start|stop|kill|pause|resume)$");

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] expectedAuthorization;
    private final SupervisorControl control;

    private ControlServer(HttpServer server, ExecutorService executor, String token, SupervisorControl control) {
        this.server = server;
        this.executor = executor;
        this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.control = control;
    }

    public static ControlServer start(String token, SupervisorControl control) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // A few threads: a stop request can block up to the 10 s grace period while status keeps answering.
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "lab-control");
            t.setDaemon(true);
            return t;
        });
        ControlServer controlServer = new ControlServer(server, executor, token, control);
        server.createContext("/", controlServer::handle);
        server.setExecutor(executor);
        server.start();
        return controlServer;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorized(exchange)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                send(exchange, 401, error("missing or wrong bearer token"));
                return;
            }
            route(exchange);
        } catch (RuntimeException e) {
            send(exchange, 500, error(e.toString()));
        }
    }

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        // Constant time, so response timing does not leak how much of a guessed token was right.
        return MessageDigest.isEqual(expectedAuthorization, given);
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/instances")) {
            if (!method.equals("GET")) {
                send(exchange, 405, error("use GET"));
                return;
            }
            send(exchange, 200, control.instances());
            return;
        }
        if (path.equals("/shutdown")) {
            if (!method.equals("POST")) {
                send(exchange, 405, error("use POST"));
                return;
            }
            // Forward first (it only starts the shutdown), so a caller that got 202 knows it is under way.
            control.shutdown();
            send(exchange, 202, Map.of("status", "shutting down"));
            return;
        }
        Matcher m = INSTANCE_ACTION.matcher(path);
        if (m.matches()) {
            if (!method.equals("POST")) {
                send(exchange, 405, error("use POST"));
                return;
            }
            String name = m.group(1);
            InstanceAction action = InstanceAction.valueOf(m.group(2).toUpperCase(Locale.ROOT));
            Optional<InstanceRecord> result;
            try {
                result = control.apply(name, action);
            } catch (IOException e) {
                send(exchange, 500, error(action.wireName() + " " + name + " failed: " + e.getMessage()));
                return;
            }
            if (result.isPresent()) {
                send(exchange, 200, result.get());
            } else {
                send(exchange, 404, error("no instance named '" + name + "'"));
            }
            return;
        }
        send(exchange, 404, error("no such endpoint: " + method + " " + path));
    }

    private static Map<String, String> error(String message) {
        return Map.of("error", message);
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
