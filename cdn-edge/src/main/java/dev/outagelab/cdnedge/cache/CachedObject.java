package dev.outagelab.cdnedge.cache;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * One stored response. Times are in milliseconds of {@code System.currentTimeMillis()}; {@code initialAge} is the
 * age the origin reported when it was stored (its {@code Age} header), so {@code Age} keeps counting across tiers.
 * {@code wireHeaders} holds the same headers as {@code headers} (name, value, name, value, ...), encoded once as
 * ASCII so that a hit hands them to the response without converting or copying strings; it is never modified after
 * construction, so every event loop may read it.
 */
public record CachedObject(String key, String url, int status, List<Map.Entry<String, String>> headers, Buffer body,
                           long storedAt, Duration initialAge, Duration freshFor, Duration staleWhileRevalidate,
                           Duration staleIfError, Set<String> tags, CharSequence[] wireHeaders) {

    /** What the bytes held for one object cost beyond its body: the entry, headers and the key. */
    private static final int OVERHEAD = 256;

    public CachedObject(String key, String url, int status, List<Map.Entry<String, String>> headers, Buffer body,
                        long storedAt, Duration initialAge, Duration freshFor, Duration staleWhileRevalidate,
                        Duration staleIfError, Set<String> tags) {
        this(key, url, status, headers, body, storedAt, initialAge, freshFor, staleWhileRevalidate, staleIfError, tags,
                wire(headers));
    }

    private static CharSequence[] wire(List<Map.Entry<String, String>> headers) {
        CharSequence[] wire = new CharSequence[headers.size() * 2];
        for (int i = 0; i < headers.size(); i++) {
            wire[2 * i] = HttpHeaders.createOptimized(headers.get(i).getKey());
            wire[2 * i + 1] = HttpHeaders.createOptimized(headers.get(i).getValue());
        }
        return wire;
    }

    /**
     * A copy of a body for storing: off-heap, so the socket write of a hit needs no copy from the heap, and
     * read-only in practice (every hit writes a duplicate of it). The JDK frees it when the object is gone.
     */
    public static Buffer storedBody(Buffer body) {
        if (body.getByteBuf().isDirect()) {
            // Already stored once (a refresh after 304): share it.
            return body;
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(body.length());
        direct.put(body.getByteBuf().nioBuffer()).flip();
        return Buffer.buffer(Unpooled.wrappedBuffer(direct));
    }

    /** The first stored header of that name (case-insensitive), such as a validator: ETag, Last-Modified. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return Optional.of(h.getValue());
            }
        }
        return Optional.empty();
    }

    /** Adds the stored headers to a response. */
    public void writeHeaders(HttpServerResponse response) {
        var target = response.headers();
        for (int i = 0; i < wireHeaders.length; i += 2) {
            target.add(wireHeaders[i], wireHeaders[i + 1]);
        }
    }

    public Duration age(long now) {
        return Duration.ofMillis(ageMillis(now));
    }

    public long ageMillis(long now) {
        return initialAge.toMillis() + Math.max(0, now - storedAt);
    }

    public boolean fresh(long now) {
        return ageMillis(now) < freshFor.toMillis();
    }

    /** True while the object is past its freshness by no more than {@code window}. */
    public boolean staleWithin(Duration window, long now) {
        return ageMillis(now) < freshFor.toMillis() + window.toMillis();
    }

    /**
     * How long the cache must keep it: fresh time plus the longer stale window, or, when it has a validator to
     * revalidate with, {@code forRevalidation} if that is longer.
     */
    public Duration retainFor(Duration forRevalidation) {
        Duration stale = staleWhileRevalidate.compareTo(staleIfError) > 0 ? staleWhileRevalidate : staleIfError;
        if (status == 200 && stale.compareTo(forRevalidation) < 0
                && (header("ETag").isPresent() || header("Last-Modified").isPresent())) {
            stale = forRevalidation;
        }
        Duration keep = freshFor.plus(stale).minus(initialAge);
        return keep.isNegative() ? Duration.ZERO : keep;
    }

    public int weight() {
        long headerBytes = headers.stream().mapToLong(h -> h.getKey().length() + h.getValue().length() + 4).sum();
        return (int) Math.min(Integer.MAX_VALUE, body.length() + headerBytes + key.length() + OVERHEAD);
    }
}
