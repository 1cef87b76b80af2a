package dev.outagelab.orchestrator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.vertx.core.json.JsonObject;

/**
 * A stand-in for a db-node's admin API (per the db-node contract) on a real loopback port: status, promote,
 * replicate-from and read-only change its state the way db-node does. It checks the bearer token and records
 * every call. Tests also drive it over HTTP ({@code PUT /fake/status}, {@code PUT /fake/down}), which works
 * from any class loader.
 */
public final class FakeDbNode implements AutoCloseable {

    private final String token;
    private final HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile JsonObject status;
    private volatile boolean down;
    /** When set, replicate-from answers 409 errant_gtids, as db-node does for a node ahead of its new source. */
    private volatile boolean refuseRepoint;

    public FakeDbNode(String token, JsonObject initialStatus) {
        this.token = token;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
        setStatus(initialStatus);
    }

    public static JsonObject status(String name, String region, String role, String gtid, String sourceUrl,
                                    String state, Long contactMillisAgo) {
        boolean primary = "primary".equals(role);
        return new JsonObject().put("uuid", UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))
                        .toString())
                .put("name", name).put("region", region).put("role", role).put("readOnly", !primary)
                .put("writable", primary).put("source", sourceUrl).put("gtidExecuted", gtid)
                .put("replication", new JsonObject().put("state", state).put("lastContactMillisAgo", contactMillisAgo)
                        .put("secondsBehind", primary ? 0.0 : null));
    }

    public String adminUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The URL replicas use as source; the fake serves it too, only the identity matters here. */
    public String appUrl() {
        return adminUrl();
    }

    public JsonObject status() {
        return status;
    }

    public void setStatus(JsonObject newStatus) {
        status = newStatus.copy().put("url", appUrl());
    }

    public void setDown(boolean isDown) {
        down = isDown;
    }

    public void setRefuseRepoint(boolean refuse) {
        refuseRepoint = refuse;
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (path.startsWith("/fake/")) {
            fake(ex, path, body);
            return;
        }
        if (down) {
            // Like a process that accepts and then dies: the client sees no answer it can use.
            ex.close();
            return;
        }
        if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            reply(ex, 401, new JsonObject().put("error", "unauthorized"));
            return;
        }
        String call = ex.getRequestMethod() + " " + path + (body.isBlank() ? "" : " " + body);
        if (!path.equals("/admin/db/status")) {
            calls.add(call);
        }
        switch (path) {
            case "/admin/db/status" -> reply(ex, 200, status);
            case "/admin/db/promote" -> {
                status = status.copy().put("role", "primary").put("writable", true).put("readOnly", false)
                        .put("source", (String) null).put("replication", new JsonObject().put("state", "stopped")
                                .put("secondsBehind", 0.0));
                reply(ex, 200, new JsonObject().put("action", "promote").put("changed", true).put("status", status));
            }
            case "/admin/db/replicate-from" -> {
                if (refuseRepoint) {
                    reply(ex, 409, new JsonObject().put("error", "errant_gtids").put("message", "holds errant GTIDs"));
                    return;
                }
                String source = new JsonObject(body).getString("source");
                status = status.copy().put("role", "replica").put("writable", false).put("readOnly", true)
                        .put("source", source).put("replication", new JsonObject().put("state", "streaming")
                                .put("lastContactMillisAgo", 10).put("secondsBehind", 0.0));
                reply(ex, 200, new JsonObject().put("action", "replicate-from").put("changed", true)
                        .put("status", status));
            }
            case "/admin/db/read-only" -> {
                boolean on = new JsonObject(body).getBoolean("enabled");
                if (new JsonObject(body).getBoolean("onlyIfFenced", false) && !status.getBoolean("fenced", false)) {
                    reply(ex, 409, new JsonObject().put("error", "not_fenced").put("message", "not fenced"));
                    return;
                }
                // Like db-node: any read-only switch lifts a restart fence.
                status = status.copy().put("readOnly", on).put("writable", !on && "primary".equals(
                        status.getString("role"))).put("fenced", false)
                        .put("readOnlyReason", on ? "read-only mode is on" : null);
                reply(ex, 200, new JsonObject().put("action", "read-only").put("changed", true).put("status", status));
            }
            default -> reply(ex, 404, new JsonObject().put("error", "not_found"));
        }
    }

    private void fake(HttpExchange ex, String path, String body) throws IOException {
        switch (path) {
            case "/fake/status" -> setStatus(new JsonObject(body));
            case "/fake/down" -> setDown(Boolean.parseBoolean(body.strip()));
            default -> {
                reply(ex, 404, new JsonObject());
                return;
            }
        }
        reply(ex, 200, new JsonObject());
    }

    private static void reply(HttpExchange ex, int code, JsonObject json) throws IOException {
        byte[] bytes = json.encode().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
