package dev.outagelab.cdnedge.origin;

import java.net.ConnectException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import dev.outagelab.cdnedge.config.EdgeConfig;
import dev.outagelab.cdnedge.dns.DnsLookupException;
import dev.outagelab.cdnedge.dns.OriginResolver;
import dev.outagelab.cdnedge.service.OriginSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Fetches from origins with Vert.x's non-blocking client, so a request held by a hung origin costs a promise, not a
 * thread (the Black Friday front end's CPU was idle while every thread waited). Each origin has its own bulkhead
 * ({@link OriginPool}) and {@link CircuitBreaker}; timeouts, pool size and wait come from the origin's config or the
 * {@code edge.origin.*} defaults, where zero means none.
 */
@Singleton
public class OriginClient {

    /** Far above any origin's maxConnections: the bulkhead, not Vert.x's pool, decides who waits. */
    private static final int TRANSPORT_POOL = 2_000;

    /** The effective settings of one origin. */
    record Policy(Duration connectTimeout, Duration readTimeout, int maxConnections, Duration maxWait,
                  int breakerFailures) {
    }

    /** Pool, breaker and meters of one origin, created on its first request. */
    record State(Policy policy, OriginPool pool, CircuitBreaker breaker) {
    }

    /** What the admin status shows per origin. */
    public record Stats(int inUse, int waiting, int max, String breaker) {
    }

    private final Vertx vertx;
    private final HttpClient http;
    private final OriginResolver resolver;
    private final EdgeConfig.Origin defaults;
    private final EdgeConfig.Cache cacheSettings;
    private final MeterRegistry meters;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    OriginClient(Vertx vertx, OriginResolver resolver, EdgeConfig config, MeterRegistry meters) {
        this.vertx = vertx;
        this.resolver = resolver;
        this.defaults = config.origin();
        this.cacheSettings = config.cache();
        this.meters = meters;
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(0),
                new PoolOptions().setHttp1MaxSize(TRANSPORT_POOL));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    public Map<String, Stats> stats() {
        Map<String, Stats> stats = new LinkedHashMap<>();
        states.forEach((key, s) -> stats.put(key, new Stats(s.pool().inUse(), s.pool().waiting(), s.pool().max(),
                s.breaker().state().name().toLowerCase(Locale.ROOT))));
        return stats;
    }

    /** Resolves, waits for a slot, sends, buffers the body; fails with {@link OriginFailure}. */
    public Future<OriginResponse> fetch(OriginSpec origin, OriginRequest request) {
        State state = stateFor(origin);
        if (!state.breaker().allow()) {
            return fail("circuit_open", new OriginFailure(OriginFailure.Kind.CIRCUIT_OPEN, "the circuit breaker for "
                    + origin.key() + " is open after repeated failures; failing fast"));
        }
        long started = System.nanoTime();
        return address(origin).compose(address -> state.pool().acquire().compose(slot -> {
            Future<OriginResponse> sent = send(state.policy(), origin, address, request);
            return sent.andThen(done -> state.pool().release());
        })).andThen(done -> {
            boolean failed = done.failed() && !(done.cause() instanceof OriginFailure f
                    && (f.kind() == OriginFailure.Kind.DNS || f.kind() == OriginFailure.Kind.POOL_EXHAUSTED));
            if (failed || (done.succeeded() && done.result().status() >= 500)) {
                state.breaker().failure();
            } else if (done.succeeded()) {
                state.breaker().success();
            }
            String outcome = done.succeeded() ? "response"
                    : done.cause() instanceof OriginFailure f ? f.kind().name().toLowerCase(Locale.ROOT)
                    : "error";
            Timer.builder("edge.origin.fetch").tag("origin", origin.key()).tag("outcome", outcome)
                    .description("Time from asking for an origin slot to the origin's full response, failures included")
                    .register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        });
    }

    private Future<String> address(OriginSpec origin) {
        if (origin.pinAddress().isPresent()) {
            return Future.succeededFuture(origin.pinAddress().get());
        }
        Promise<String> promise = Promise.promise();
        Context context = vertx.getOrCreateContext();
        resolver.resolve(origin.host()).whenComplete((address, failure) -> context.runOnContext(v -> {
            if (failure == null) {
                promise.complete(address);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                promise.fail(new OriginFailure(OriginFailure.Kind.DNS, cause instanceof DnsLookupException
                        ? cause.getMessage() : "DNS lookup failed for " + origin.host() + ": " + cause));
            }
        }));
        return promise.future();
    }

    private Future<OriginResponse> send(Policy policy, OriginSpec origin, String address, OriginRequest request) {
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(address)
                .setPort(origin.port())
                .setURI(request.uri())
                .setHeaders(request.headers())
                .setConnectTimeout(policy.connectTimeout().toMillis())
                .setIdleTimeout(policy.readTimeout().toMillis());
        String where = origin.host() + ":" + origin.port() + " (" + address + ")";
        return http.request(options)
                .compose(req -> request.body() == null ? req.send() : req.send(request.body()))
                .compose(this::readBody)
                .recover(cause -> Future.failedFuture(cause instanceof OriginFailure ? cause : classify(cause, where)));
    }

    private Future<OriginResponse> readBody(HttpClientResponse response) {
        Promise<OriginResponse> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        int limit = cacheSettings.maxObjectBytes();
        response.exceptionHandler(promise::tryFail);
        response.handler(chunk -> {
            if (body.length() + chunk.length() > limit) {
                promise.tryFail(new OriginFailure(OriginFailure.Kind.TOO_LARGE,
                        "the origin's response is larger than edge.cache.max-object-bytes (" + limit + ")"));
                response.request().reset();
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.endHandler(v -> promise.tryComplete(new OriginResponse(response.statusCode(), response.headers(), body)));
        return promise.future();
    }

    private static OriginFailure classify(Throwable cause, String where) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof TimeoutException || cause instanceof io.netty.handler.timeout.TimeoutException
                || message.contains("timeout") || message.contains("timed out")) {
            return new OriginFailure(OriginFailure.Kind.TIMEOUT, "timed out waiting for " + where + ": " + message);
        }
        if (cause instanceof ConnectException || message.contains("Connection refused")) {
            return new OriginFailure(OriginFailure.Kind.CONNECT, "cannot connect to " + where + ": " + message);
        }
        return new OriginFailure(OriginFailure.Kind.PROTOCOL, "the request to " + where + " failed: " + message);
    }

    private Future<OriginResponse> fail(String outcome, OriginFailure failure) {
        meters.counter("edge.origin.failfast", "reason", outcome).increment();
        return Future.failedFuture(failure);
    }

    /** A config that changes an origin's settings gets a fresh pool and breaker; requests in flight keep theirs. */
    private State stateFor(OriginSpec origin) {
        Policy policy = new Policy(
                origin.connectTimeout().orElse(defaults.connectTimeout()),
                origin.readTimeout().orElse(defaults.readTimeout()),
                origin.maxConnections().orElse(defaults.maxConnections()),
                origin.maxWait().orElse(defaults.maxWait()),
                origin.breakerFailures().orElse(defaults.breakerFailures()));
        String key = origin.key();
        State current = states.get(key);
        if (current != null && current.policy().equals(policy)) {
            return current;
        }
        State fresh = new State(policy, new OriginPool(key, policy.maxConnections(), policy.maxWait(), vertx),
                new CircuitBreaker(policy.breakerFailures(), defaults.breakerOpenFor()));
        if (states.put(key, fresh) == null) {
            Gauge.builder("edge.origin.pool.in.use", states, m -> m.get(key).pool().inUse()).tag("origin", key)
                    .description("Requests holding one of the origin's connections").register(meters);
            Gauge.builder("edge.origin.pool.waiting", states, m -> m.get(key).pool().waiting()).tag("origin", key)
                    .description("Requests waiting for a free connection to the origin").register(meters);
            Gauge.builder("edge.origin.breaker.open", states,
                            m -> m.get(key).breaker().state() == CircuitBreaker.State.CLOSED ? 0 : 1)
                    .tag("origin", key).description("1 while the origin's circuit breaker is open or half-open")
                    .register(meters);
        }
        return fresh;
    }
}
