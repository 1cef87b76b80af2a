package dev.outagelab.cdnedge.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a response may be stored and for how long. A rule's TTL overrides what the origin said about
 * freshness, but never makes a {@code no-store} or {@code private} response shareable. {@code no-cache} responses
 * are not stored either: this edge revalidates stale objects, but does not (yet) store an object that must be
 * revalidated on every use.
 */
public final class Freshness {

    /** Statuses RFC 9110 calls heuristically cacheable, less 206 (no ranges here) and 501. */
    static final Set<Integer> CACHEABLE_STATUS = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414);

    /** How long a stored response is fresh, and how long past that it may still be served stale. */
    public record Lifetime(Duration freshFor, Duration staleWhileRevalidate, Duration staleIfError) {
    }

    private Freshness() {
    }

    public static Optional<Lifetime> of(int status, CacheControl cc, boolean setsCookie, Optional<Duration> ruleTtl,
                                        Duration defaultTtl, Duration serviceSwr, Duration serviceSie) {
        if (!CACHEABLE_STATUS.contains(status) || cc.noStore() || cc.isPrivate() || cc.noCache() || setsCookie) {
            return Optional.empty();
        }
        Duration fresh = ruleTtl.or(cc::sMaxAge).or(cc::maxAge).orElse(defaultTtl);
        Duration swr = cc.staleWhileRevalidate().orElse(serviceSwr);
        Duration sie = cc.staleIfError().orElse(serviceSie);
        if (fresh.isZero() && swr.isZero() && sie.isZero()) {
            return Optional.empty();
        }
        return Optional.of(new Lifetime(fresh, swr, sie));
    }
}
