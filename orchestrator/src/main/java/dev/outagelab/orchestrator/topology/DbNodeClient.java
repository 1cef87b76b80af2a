package dev.outagelab.orchestrator.topology;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** Calls a db-node's admin API ({@code /admin/db/*}) with the lab's bearer token over plain HTTP. */
public class DbNodeClient {

    private final HttpClient http;
    private final String bearer;

    public DbNodeClient(String adminToken, Duration connectTimeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
        this.bearer = "Bearer " + adminToken;
    }

    public CompletableFuture<DbNodeStatus> status(String adminUrl, Duration timeout) {
        return call(adminUrl, "GET", "/admin/db/status", null, timeout).thenApply(DbNodeStatus::fromJson);
    }

    public CompletableFuture<JsonObject> promote(String adminUrl, Duration timeout) {
        return call(adminUrl, "POST", "/admin/db/promote", new JsonObject(), timeout);
    }

    public CompletableFuture<JsonObject> replicateFrom(String adminUrl, String sourceUrl, Duration timeout) {
        return call(adminUrl, "POST", "/admin/db/replicate-from",
                new JsonObject().put("source", sourceUrl).put("force", false), timeout);
    }

    public CompletableFuture<JsonObject> readOnly(String adminUrl, boolean enabled, Duration timeout) {
        return call(adminUrl, "POST", "/admin/db/read-only", new JsonObject().put("enabled", enabled), timeout);
    }

    /**
     * Lifts a db-node's restart fence and nothing else: {@code read-only off} only if it is still fenced, so an
     * operator's {@code read-only on} since the last poll is left alone (the node answers 409 {@code not_fenced}).
     */
    public CompletableFuture<JsonObject> liftFence(String adminUrl, Duration timeout) {
        return call(adminUrl, "POST", "/admin/db/read-only",
                new JsonObject().put("enabled", false).put("onlyIfFenced", true), timeout);
    }

    /** Completes with the JSON body of a 2xx answer, otherwise fails with a {@link DbNodeException}. */
    private CompletableFuture<JsonObject> call(String adminUrl, String method, String path, JsonObject body,
                                               Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(adminUrl.replaceAll("/+$", "") + path))
                .timeout(timeout)
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        throw new DbNodeException(0, "unreachable", method + " " + path + ": " + describe(cause));
                    }
                    JsonObject json;
                    try {
                        json = response.body().isBlank() ? new JsonObject() : new JsonObject(response.body());
                    } catch (DecodeException e) {
                        throw new DbNodeException(response.statusCode(), "bad_reply",
                                method + " " + path + " answered " + response.statusCode() + " without JSON");
                    }
                    if (response.statusCode() / 100 != 2) {
                        throw new DbNodeException(response.statusCode(), json.getString("error", "http_error"),
                                method + " " + path + " answered " + response.statusCode() + ": "
                                        + json.getString("message", response.body()));
                    }
                    return json;
                });
    }

    private static String describe(Throwable t) {
        String name = t.getClass().getSimpleName();
        return t.getMessage() == null ? name : name + ": " + t.getMessage();
    }
}
