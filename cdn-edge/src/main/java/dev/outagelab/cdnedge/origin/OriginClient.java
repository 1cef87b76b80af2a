package dev.outagelab.cdnedge.origin;

import java.net.ConnectException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.outagelab.cdnedge.config.EdgeConfig;
import dev.outagelab.cdnedge.dns.DnsLookupException;
import dev.outagelab.cdnedge.dns.OriginResolver;
import dev.outagelab.cdnedge.dns.SrvTarget;
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
import io.vertx.core.http.HttpMethod;
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
    private static final Logger LOG = Logger.getLogger(OriginClient.class);
    /** What a stopped or demoted server behind a proxy answers; another server of an SRV origin may do better. */
    private static final Set<Integer> RETRIED_STATUS = Set.of(502, 503, 504);

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
        Future<OriginResponse> fetched = origin.srv()
                ? servers(origin).compose(targets -> state.pool().acquire().compose(slot ->
                        tryServers(state.policy(), origin, targets, 0, request)
                                .andThen(done -> state.pool().release())))
                : address(origin).compose(address -> state.pool().acquire().compose(slot ->
                        send(state.policy(), origin.host(), origin.port(), address, request)
                                .andThen(done -> state.pool().release())));
        return fetched.andThen(done -> {
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
        return onContext(origin.host(), resolver.resolve(origin.host()));
    }

    /** The SRV origin's servers, in the order this request tries them. */
    private Future<List<SrvTarget>> servers(OriginSpec origin) {
        return onContext(origin.host(), resolver.resolveSrv(origin.host()));
    }

    /** Back on the caller's Vert.x context, with a lookup failure as an {@link OriginFailure} of kind DNS. */
    private <T> Future<T> onContext(String name, CompletionStage<T> lookup) {
        Promise<T> promise = Promise.promise();
        Context context = vertx.getOrCreateContext();
        lookup.whenComplete((value, failure) -> context.runOnContext(v -> {
            if (failure == null) {
                promise.complete(value);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                promise.fail(new OriginFailure(OriginFailure.Kind.DNS, cause instanceof DnsLookupException
                        ? cause.getMessage() : "DNS lookup failed for " + name + ": " + cause));
            }
        }));
        return promise.future();
    }

    /**
     * Tries server i of an SRV origin, and the next one when this one is gone: its name does not resolve, it refuses
     * the connection, or (for GET and HEAD, which are safe to repeat) it drops the connection without an answer or
     * answers 502, 503 or 504, as a stopped or demoted node behind a proxy would. Timeouts are not retried: a hung server must not multiply the wait.
     * At most {@code edge.origin.srv-attempts} servers are tried.
     */
    private Future<OriginResponse> tryServers(Policy policy, OriginSpec origin, List<SrvTarget> targets, int i,
                                              OriginRequest request) {
        SrvTarget target = targets.get(i);
        Future<OriginResponse> attempt = onContext(target.target(), resolver.resolve(target.target()))
                .compose(address -> send(policy, target.target(), target.port(), address, request));
        if (i + 1 >= Math.min(targets.size(), defaults.srvAttempts())) {
            return attempt;
        }
        return attempt.transform(done -> {
            boolean safe = request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
            boolean gone = done.failed()
                    ? done.cause() instanceof OriginFailure f && (f.kind() == OriginFailure.Kind.CONNECT
                            || f.kind() == OriginFailure.Kind.DNS || safe && f.kind() == OriginFailure.Kind.PROTOCOL)
                    : safe && RETRIED_STATUS.contains(done.result().status());
            if (!gone) {
                return done.succeeded() ? Future.succeededFuture(done.result()) : Future.failedFuture(done.cause());
            }
            meters.counter("edge.origin.srv.failover", "origin", origin.key()).increment();
            LOG.debugf("origin %s: %s:%d is gone (%s), trying the next server", origin.key(), target.target(),
                    target.port(), done.failed() ? done.cause().getMessage() : "status " + done.result().status());
            return tryServers(policy, origin, targets, i + 1, request);
        });
    }

    private Future<OriginResponse> send(Policy policy, String host, int port, String address, OriginRequest request) {
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(address)
                .setPort(port)
                .setURI(request.uri())
                .setHeaders(request.headers())
                .setConnectTimeout(policy.connectTimeout().toMillis())
                .setIdleTimeout(policy.readTimeout().toMillis());
        String where = host + ":" + port + " (" + address + ")";
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
