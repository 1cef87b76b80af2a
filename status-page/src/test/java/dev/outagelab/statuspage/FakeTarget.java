package dev.outagelab.statuspage;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny readiness endpoint on an ephemeral loopback port. It answers {@code /q/health/ready} with
 * the current code, or never answers when the code is {@link #HANG}. Tests change the code over
 * HTTP ({@code POST /control/503}) so they need not share objects with the Quarkus class loader.
 */
public final class FakeTarget implements AutoCloseable {

    public static final int HANG = -1;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger code;
    /** Hung exchanges are parked here, not on a thread, and closed when the fake stops. */
    private final List<HttpExchange> parked = new CopyOnWriteArrayList<>();

    public FakeTarget(int initialCode) throws IOException {
        code = new AtomicInteger(initialCode);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/q/health/ready", this::ready);
        server.createContext("/control/", this::control);
        server.setExecutor(executor);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String healthUrl() {
        return baseUrl() + "/q/health/ready";
    }

    private void ready(HttpExchange exchange) throws IOException {
        int current = code.get();
        if (current == HANG) {
            parked.add(exchange);
            return;
        }
        String state = current == 200 ? "UP" : "DOWN";
        respond(exchange, current, "{\"status\":\"" + state + "\",\"checks\":[]}");
    }

    private void control(HttpExchange exchange) throws IOException {
        String value = exchange.getRequestURI().getPath().substring("/control/".length());
        code.set(value.equals("hang") ? HANG : Integer.parseInt(value));
        respond(exchange, 204, null);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (json == null) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        parked.forEach(HttpExchange::close);
        executor.shutdownNow();
    }
}
