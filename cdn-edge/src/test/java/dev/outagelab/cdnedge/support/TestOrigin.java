package dev.outagelab.cdnedge.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP origin on loopback for the edge to fetch from. Each path answers what the test set for it; in the
 * body, {@code {n}} becomes the number of requests the path has had and {@code {h:Name}} the request header's value.
 * Paths under a held prefix do not answer until {@link #release()}, as a hung backend would. A reply with an
 * {@code ETag} or {@code Last-Modified} answers a request whose {@code If-None-Match} or {@code If-Modified-Since}
 * carries the same value with 304 and no body, as real origins do.
 */
public final class TestOrigin implements AutoCloseable {

    /** What one path answers. */
    public record Reply(int status, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-origin");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> notModified = new ConcurrentHashMap<>();
    private volatile String heldPrefix;
    private volatile CountDownLatch held = new CountDownLatch(0);

    public TestOrigin() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void reply(String path, int status, Map<String, String> headers, String body) {
        replies.put(path, new Reply(status, headers, body));
    }

    public void reply(String path, Map<String, String> headers, String body) {
        reply(path, 200, headers, body);
    }

    /** Requests for the path (any query, any method) since the origin started. */
    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** Requests for the path answered 304 Not Modified. */
    public int notModified(String path) {
        AtomicInteger n = notModified.get(path);
        return n == null ? 0 : n.get();
    }

    /** From now on, paths starting with this prefix hang until {@link #release()}. */
    public void hold(String prefix) {
        held = new CountDownLatch(1);
        heldPrefix = prefix;
    }

    public void release() {
        heldPrefix = null;
        held.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int n = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String prefix = heldPrefix;
        if (prefix != null && path.startsWith(prefix)) {
            try {
                held.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.getRequestBody().readAllBytes();
        Reply reply = replies.getOrDefault(path, new Reply(404, Map.of("Cache-Control", "no-store"), "no such page"));
        String etag = reply.headers().get("ETag");
        String lastModified = reply.headers().get("Last-Modified");
        String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
        String ifModifiedSince = exchange.getRequestHeaders().getFirst("If-Modified-Since");
        if (reply.status() == 200 && (etag != null && etag.equals(ifNoneMatch)
                || ifNoneMatch == null && lastModified != null && lastModified.equals(ifModifiedSince))) {
            notModified.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
        }
        String body = reply.body().replace("{n}", Integer.toString(n));
        for (String header : exchange.getRequestHeaders().keySet()) {
            String value = exchange.getRequestHeaders().getFirst(header);
            body = body.replace("{h:" + header.toLowerCase() + "}", value == null ? "" : value);
        }
        body = body.replace("{method}", exchange.getRequestMethod());
        body = body.replaceAll("\\{h:[^}]*}", "");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
