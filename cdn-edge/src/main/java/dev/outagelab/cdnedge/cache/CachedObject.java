package dev.outagelab.cdnedge.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.core.buffer.Buffer;

/**
 * One stored response. Times are in milliseconds of {@code System.currentTimeMillis()}; {@code initialAge} is the
 * age the origin reported when it was stored (its {@code Age} header), so {@code Age} keeps counting across tiers.
 */
public record CachedObject(String key, String url, int status, List<Map.Entry<String, String>> headers, Buffer body,
                           long storedAt, Duration initialAge, Duration freshFor, Duration staleWhileRevalidate,
                           Duration staleIfError, Set<String> tags) {

    /** What the bytes held for one object cost beyond its body: the entry, headers and the key. */
    private static final int OVERHEAD = 256;

    public Duration age(long now) {
        return initialAge.plusMillis(Math.max(0, now - storedAt));
    }

    public boolean fresh(long now) {
        return age(now).compareTo(freshFor) < 0;
    }

    /** True while the object is past its freshness by no more than {@code window}. */
    public boolean staleWithin(Duration window, long now) {
        return age(now).compareTo(freshFor.plus(window)) < 0;
    }

    /** How long the cache must keep it: fresh time plus the longer stale window. */
    public Duration retainFor() {
        Duration stale = staleWhileRevalidate.compareTo(staleIfError) > 0 ? staleWhileRevalidate : staleIfError;
        Duration keep = freshFor.plus(stale).minus(initialAge);
        return keep.isNegative() ? Duration.ZERO : keep;
    }

    public int weight() {
        long headerBytes = headers.stream().mapToLong(h -> h.getKey().length() + h.getValue().length() + 4).sum();
        return (int) Math.min(Integer.MAX_VALUE, body.length() + headerBytes + key.length() + OVERHEAD);
    }
}
