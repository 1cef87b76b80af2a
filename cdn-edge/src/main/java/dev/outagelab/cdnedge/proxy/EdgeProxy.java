package dev.outagelab.cdnedge.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.outagelab.cdnedge.cache.CacheControl;
import dev.outagelab.cdnedge.cache.CachedObject;
import dev.outagelab.cdnedge.cache.EdgeCache;
import dev.outagelab.cdnedge.cache.Freshness;
import dev.outagelab.cdnedge.config.EdgeConfig;
import dev.outagelab.cdnedge.metrics.RequestTally;
import dev.outagelab.cdnedge.origin.OriginClient;
import dev.outagelab.cdnedge.origin.OriginFailure;
import dev.outagelab.cdnedge.origin.OriginRequest;
import dev.outagelab.cdnedge.origin.OriginResponse;
import dev.outagelab.cdnedge.release.ResponseHeaderRules;
import dev.outagelab.cdnedge.service.ActiveService;
import dev.outagelab.cdnedge.service.ServiceConfig;
import dev.outagelab.cdnedge.service.ServiceRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The POP's front door on the application port: every request not claimed by the kit's routes is routed by its
 * {@code Host} to the service that owns the domain. GET and HEAD go through the cache; concurrent misses for one
 * object share one origin fetch; other methods pass straight to the origin.
 */
@Singleton
public class EdgeProxy {

    private static final Logger LOG = Logger.getLogger(EdgeProxy.class);
    /** After the kit's fault filter and /whoami, before Vert.x's 404. */
    static final int ORDER = 10_000;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
            "content-length");
    /** Asking the origin for the whole object: the edge caches full responses only. */
    private static final Set<String> NOT_FOR_CACHE_FILL = Set.of("if-none-match", "if-modified-since", "if-match",
            "if-unmodified-since", "if-range", "range");
    private static final Set<String> EDGE_ONLY = Set.of("surrogate-key", "surrogate-control");
    private static final CharSequence X_CACHE = HttpHeaders.createOptimized("X-Cache");
    private static final CharSequence X_SERVED_BY = HttpHeaders.createOptimized("X-Served-By");
    private static final CharSequence AGE = HttpHeaders.createOptimized("Age");

    /** How a request was answered, for {@code X-Cache} and the request counters. */
    enum CacheResult {
        HIT, MISS, STALE, REVALIDATED, ERROR;

        final CharSequence header = HttpHeaders.createOptimized(name());
    }

    private final ServiceRegistry registry;
    private final ResponseHeaderRules headerRules;
    private final EdgeCache cache;
    private final OriginClient origins;
    private final ErrorPages pages;
    private final RequestTally tally;
    private final MeterRegistry meters;
    private final Duration defaultTtl;
    private final Map<String, Promise<Fetched>> inflight = new ConcurrentHashMap<>();
    /** Keyed by status * 8 + result: no meter id is built on the hot path. */
    private final Map<Integer, Counter> requestCounters = new ConcurrentHashMap<>();
    private final CharSequence servedBy;

    EdgeProxy(ServiceRegistry registry, ResponseHeaderRules headerRules, EdgeCache cache, OriginClient origins,
              ErrorPages pages, RequestTally tally, MeterRegistry meters, EdgeConfig config) {
        this.registry = registry;
        this.headerRules = headerRules;
        this.cache = cache;
        this.origins = origins;
        this.pages = pages;
        this.tally = tally;
        this.meters = meters;
        this.defaultTtl = config.cache().defaultTtl();
        this.servedBy = HttpHeaders.createOptimized(pages.servedBy());
    }

    void register(@Observes Router router,
                  @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        // Bodies of passed-through requests are read whole (within the kit's body limit) before the origin is asked.
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(maxBody.asLongValue());
        router.route().order(ORDER - 1).handler(rc -> {
            HttpMethod method = rc.request().method();
            if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
                rc.next();
            } else {
                bodies.handle(rc);
            }
        });
        router.route().order(ORDER).handler(this::handle);
        // Vert.x refuses a request whose Host it cannot parse before our handler runs; answer in the edge's style.
        router.route().order(ORDER).failureHandler(rc -> {
            Throwable failure = rc.failure();
            if (failure != null && String.valueOf(failure.getMessage()).contains("'Host' header")) {
                pages.error(rc.response(), 400, "Bad Request", "the request has no Host header, or a malformed one");
            } else {
                rc.next();
            }
        });
    }

    /** HTTP/1.1 names the host in the Host header; HTTP/2 in :authority, which Vert.x keeps as the authority. */
    private static String hostOf(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.HOST);
        HostAndPort authority = request.authority();
        if (header != null || authority == null) {
            return header;
        }
        return authority.port() >= 0 ? authority.host() + ":" + authority.port() : authority.host();
    }

    void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        HttpServerResponse response = rc.response();
        response.putHeader(X_SERVED_BY, servedBy);
        Optional<String> host = HostHeader.parse(hostOf(request));
        if (host.isEmpty()) {
            pages.error(response, 400, "Bad Request", "the request has no Host header, or a malformed one");
            count(400, CacheResult.ERROR);
            return;
        }
        Optional<ActiveService> service = registry.forHost(host.get());
        if (service.isEmpty()) {
            pages.unknownDomain(response, host.get());
            count(500, CacheResult.ERROR);
            return;
        }
        ServiceConfig config = service.get().config();
        ServiceConfig.Plan plan = config.planFor(request.path());
        Map<String, String> ruleHeaders;
        try {
            ruleHeaders = headerRules.forRequest(config, request.path(), plan);
        } catch (RuntimeException e) {
            // Release 2021.05.12's latent bug lands here for every request once the trigger config is active.
            LOG.errorf("request handling failed on release %s: %s", registry.release().version(), e);
            pages.error(response, 503, "Service Unavailable", "the edge could not handle this request");
            count(503, CacheResult.ERROR);
            return;
        }
        Exchange exchange = new Exchange(rc, config, host.get(), ruleHeaders, plan);
        if (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) {
            lookup(exchange);
        } else {
            pass(exchange);
        }
    }

    /** Every answer is counted once: for staged activation's error rate and for edge_requests_total. */
    private void count(int status, CacheResult result) {
        tally.record(status);
        requestCounters.computeIfAbsent(status * 8 + result.ordinal(), k -> meters.counter("edge.requests",
                "status", Integer.toString(status), "cache", result.name())).increment();
    }

    /** One client request on its way through the edge. */
    private record Exchange(RoutingContext rc, ServiceConfig service, String host, Map<String, String> ruleHeaders,
                            ServiceConfig.Plan plan) {
        String url() {
            return host + rc.request().uri();
        }

        boolean head() {
            return rc.request().method() == HttpMethod.HEAD;
        }
    }

    private void lookup(Exchange ex) {
        String url = ex.url();
        String key = variantKey(url, cache.varyFor(url), ex.rc().request().headers());
        long now = System.currentTimeMillis();
        Optional<CachedObject> stored = ex.plan().pass() ? Optional.empty() : cache.get(key);
        if (stored.isPresent() && stored.get().fresh(now)) {
            serveStored(ex, stored.get(), CacheResult.HIT);
            return;
        }
        if (stored.isPresent() && stored.get().staleWithin(stored.get().staleWhileRevalidate(), now)) {
            serveStored(ex, stored.get(), CacheResult.STALE);
            // RFC 5861: refresh in the background; the client already has its answer.
            shared(ex, key, stored, new boolean[1]).onFailure(e -> LOG.debugf("background revalidation of %s failed: %s",
                    url, e.getMessage()));
            return;
        }
        boolean[] leader = {ex.plan().pass()};
        Future<Fetched> fetch = ex.plan().pass() ? direct(ex) : shared(ex, key, stored, leader);
        fetch.onComplete(done -> {
            if (done.failed()) {
                respond(ex, null, done.cause(), stored);
                return;
            }
            Fetched fetched = done.result();
            // A follower may use only a stored answer for its own variant; a private or uncacheable answer, or
            // another variant of the URL, goes to the request that caused the fetch, and this one asks for itself.
            boolean usable = leader[0] || fetched.stored().map(o -> o.key().equals(variantKey(url,
                    varyNames(fetched.response().headers().getAll("Vary")), ex.rc().request().headers())))
                    .orElse(false);
            if (usable) {
                respond(ex, fetched, null, stored);
            } else {
                direct(ex).onComplete(own -> respond(ex, own.result(), own.cause(), stored));
            }
        });
    }

    /** Serves a fetch's response, or stale content if the origin failed and stale-if-error allows it. */
    private void respond(Exchange ex, Fetched fetched, Throwable failure, Optional<CachedObject> stored) {
        boolean originFailed = fetched == null || fetched.response().status() >= 500;
        if (originFailed && stored.isPresent() && staleIfError(stored.get())) {
            serveStored(ex, stored.get(), CacheResult.STALE);
        } else if (fetched != null) {
            serveFetched(ex, fetched);
        } else {
            failed(ex, failure);
        }
    }

    private boolean staleIfError(CachedObject object) {
        return object.staleWithin(object.staleIfError(), System.currentTimeMillis());
    }

    /**
     * Joins the fetch already under way for this key, or starts it; coalesced requests count in metrics. With a
     * stored object that has a validator, the fetch is a conditional request that may refresh it.
     */
    private Future<Fetched> shared(Exchange ex, String key, Optional<CachedObject> stored, boolean[] leader) {
        Promise<Fetched> mine = Promise.promise();
        Promise<Fetched> running = inflight.putIfAbsent(key, mine);
        if (running != null) {
            meters.counter("edge.coalesced").increment();
            return running.future();
        }
        leader[0] = true;
        fetchAndStore(ex, stored.filter(o -> o.status() == 200)).onComplete(done -> {
            inflight.remove(key, mine);
            mine.handle(done);
        });
        return mine.future();
    }

    /** A fetch for this request alone (pass rules, private answers): never shared, never stored. */
    private Future<Fetched> direct(Exchange ex) {
        return origins.fetch(ex.service().origin(), cacheFill(ex))
                .map(response -> new Fetched(response, Optional.empty()));
    }

    private Future<Fetched> fetchAndStore(Exchange ex, Optional<CachedObject> base) {
        OriginRequest request = cacheFill(ex);
        base.flatMap(o -> o.header("ETag")).ifPresent(etag -> request.headers().set(HttpHeaders.IF_NONE_MATCH, etag));
        base.flatMap(o -> o.header("Last-Modified"))
                .ifPresent(date -> request.headers().set(HttpHeaders.IF_MODIFIED_SINCE, date));
        boolean conditional = request.headers().contains(HttpHeaders.IF_NONE_MATCH)
                || request.headers().contains(HttpHeaders.IF_MODIFIED_SINCE);
        return origins.fetch(ex.service().origin(), request).map(response -> {
            if (conditional && response.status() == 304) {
                // RFC 9111 §4.3.4: the stored response, its headers updated by the 304's, fresh again; no body moved.
                CachedObject old = base.get();
                OriginResponse refreshed = new OriginResponse(old.status(), refreshedHeaders(old, response.headers()),
                        old.body());
                return new Fetched(refreshed, store(ex, refreshed, old.tags()), true);
            }
            return new Fetched(response, store(ex, response, Set.of()));
        });
    }

    private static MultiMap refreshedHeaders(CachedObject old, MultiMap notModified) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        old.headers().forEach(h -> headers.add(h.getKey(), h.getValue()));
        for (String name : notModified.names()) {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                headers.remove(name);
                headers.add(name, notModified.getAll(name));
            }
        }
        return headers;
    }

    private Optional<CachedObject> store(Exchange ex, OriginResponse response, Set<String> keptTags) {
        if (ex.plan().pass()) {
            return Optional.empty();
        }
        MultiMap headers = response.headers();
        List<String> vary = varyNames(headers.getAll("Vary"));
        if (vary.contains("*")) {
            return Optional.empty();
        }
        CacheControl cc = CacheControl.parse(headers.getAll("Cache-Control"));
        Optional<Freshness.Lifetime> lifetime = Freshness.of(response.status(), cc, headers.contains("Set-Cookie"),
                ex.plan().ttl(), defaultTtl, ex.service().staleWhileRevalidate(), ex.service().staleIfError());
        if (lifetime.isEmpty()) {
            return Optional.empty();
        }
        String url = ex.url();
        Set<String> tags = new HashSet<>(keptTags);
        tags.add(EdgeCache.urlTag(url));
        List<String> keys = new ArrayList<>(ex.plan().surrogateKeys());
        for (String value : headers.getAll("Surrogate-Key")) {
            keys.addAll(List.of(value.strip().split("\\s+")));
        }
        keys.stream().filter(k -> !k.isBlank()).forEach(k -> tags.add(EdgeCache.surrogateTag(ex.service().name(), k)));
        CachedObject object = new CachedObject(variantKey(url, vary, ex.rc().request().headers()), url,
                response.status(), forClients(headers), CachedObject.storedBody(response.body()),
                System.currentTimeMillis(),
                Duration.ofSeconds(originAge(headers.get("Age"))), lifetime.get().freshFor(),
                lifetime.get().staleWhileRevalidate(), lifetime.get().staleIfError(), Set.copyOf(tags));
        cache.put(object, vary);
        return Optional.of(object);
    }

    private void pass(Exchange ex) {
        HttpServerRequest request = ex.rc().request();
        Buffer body = ex.rc().body().buffer();
        origins.fetch(ex.service().origin(), new OriginRequest(request.method(), request.uri(), toOrigin(ex, false),
                        body == null ? Buffer.buffer() : body))
                .onComplete(done -> {
                    if (done.succeeded()) {
                        serveFetched(ex, new Fetched(done.result(), Optional.empty()));
                    } else {
                        failed(ex, done.cause());
                    }
                });
    }

    private OriginRequest cacheFill(Exchange ex) {
        return new OriginRequest(HttpMethod.GET, ex.rc().request().uri(), toOrigin(ex, true), null);
    }

    private MultiMap toOrigin(Exchange ex, boolean cacheFill) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        ex.rc().request().headers().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !(cacheFill && NOT_FOR_CACHE_FILL.contains(lower))) {
                headers.add(name, value);
            }
        });
        String client = ex.rc().request().remoteAddress() == null ? "unknown"
                : ex.rc().request().remoteAddress().hostAddress();
        String forwarded = headers.get("X-Forwarded-For");
        headers.set("X-Forwarded-For", forwarded == null ? client : forwarded + ", " + client);
        headers.set("Via", "1.1 " + pages.servedBy());
        ex.plan().requestHeaders().forEach(headers::set);
        return headers;
    }

    private void serveStored(Exchange ex, CachedObject object, CacheResult result) {
        HttpServerResponse response = ex.rc().response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(object.status());
        object.writeHeaders(response);
        response.putHeader(AGE, Long.toString(object.ageMillis(System.currentTimeMillis()) / 1000));
        finish(ex, result, object.body());
    }

    private void serveFetched(Exchange ex, Fetched fetched) {
        HttpServerResponse response = ex.rc().response();
        if (response.ended() || response.closed()) {
            return;
        }
        OriginResponse origin = fetched.response();
        response.setStatusCode(origin.status());
        forClients(origin.headers()).forEach(h -> response.headers().add(h.getKey(), h.getValue()));
        response.putHeader(AGE, Long.toString(originAge(origin.headers().get("Age"))));
        finish(ex, fetched.revalidated() ? CacheResult.REVALIDATED : CacheResult.MISS, origin.body());
    }

    private void finish(Exchange ex, CacheResult result, Buffer body) {
        HttpServerResponse response = ex.rc().response();
        if (!ex.ruleHeaders().isEmpty()) {
            ex.ruleHeaders().forEach(response::putHeader);
        }
        response.putHeader(X_CACHE, result.header);
        HttpMethod method = ex.rc().request().method();
        if (response.getStatusCode() == 200 && (method == HttpMethod.GET || method == HttpMethod.HEAD)
                && Conditional.notModified(ex.rc().request().headers(), response.headers())) {
            // The client's copy is current: 304 from the edge, whatever the cache result.
            response.setStatusCode(304).end();
        } else if (ex.head()) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length())).end();
        } else {
            // The stored Buffer is shared by every hit: Vert.x writes it without copying or changing it.
            response.end(body);
        }
        count(response.getStatusCode(), result);
    }

    private void failed(Exchange ex, Throwable cause) {
        if (cause instanceof OriginFailure failure) {
            pages.error(ex.rc().response(), failure.kind().status(), failure.kind().reason(), failure.getMessage());
            count(failure.kind().status(), CacheResult.ERROR);
        } else {
            LOG.warnf("request for %s failed: %s", ex.url(), cause);
            pages.error(ex.rc().response(), 503, "Service Unavailable", "the origin request failed");
            count(503, CacheResult.ERROR);
        }
    }

    private static List<Map.Entry<String, String>> forClients(MultiMap headers) {
        List<Map.Entry<String, String>> kept = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            String lower = h.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !EDGE_ONLY.contains(lower) && !lower.equals("age")) {
                kept.add(Map.entry(h.getKey(), h.getValue()));
            }
        }
        return List.copyOf(kept);
    }

    private static List<String> varyNames(List<String> values) {
        List<String> names = new ArrayList<>();
        for (String value : values) {
            for (String name : value.split(",")) {
                String n = name.strip().toLowerCase(Locale.ROOT);
                if (!n.isEmpty() && !names.contains(n)) {
                    names.add(n);
                }
            }
        }
        names.sort(null);
        return names;
    }

    /** The URL plus the values of the request headers that the stored response varies on. */
    static String variantKey(String url, List<String> vary, MultiMap requestHeaders) {
        if (vary.isEmpty()) {
            return url;
        }
        StringBuilder key = new StringBuilder(url);
        for (String name : vary) {
            key.append('\n').append(name).append('=').append(String.join(",", requestHeaders.getAll(name)));
        }
        return key.toString();
    }

    private static long originAge(String age) {
        if (age == null || age.isBlank() || age.length() > 10 || !age.strip().chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return Long.parseLong(age.strip());
    }
}
