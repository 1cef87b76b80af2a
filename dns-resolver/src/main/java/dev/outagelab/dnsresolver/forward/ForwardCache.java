package dev.outagelab.dnsresolver.forward;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Upstream answers by question, with their TTLs counted down (RFC 1035), negative answers kept for the SOA's
 * minimum (RFC 2308), and expired entries kept a while longer only when serve-stale (RFC 8767) may use them.
 * Bounded, least recently used out first.
 */
public class ForwardCache {

    /** What one question is cached under. */
    public record Key(Name name, int type, int dclass) {
    }

    /**
     * One upstream answer: its RCODE (NOERROR or NXDOMAIN) and sections with the TTLs as received.
     *
     * @param storedAt nanos on the cache's clock
     * @param ttl      how long it is fresh
     */
    public record Entry(int rcode, List<Record> answer, List<Record> authority, long storedAt, Duration ttl) {
    }

    /** A lookup's result; {@code age} is how long ago the entry was stored, {@code stale} past its TTL. */
    public record Hit(Entry entry, Duration age, boolean stale) {
    }

    private final int capacity;
    private final Duration keepStale;
    private final LongSupplier nanos;
    private final Map<Key, Entry> entries;

    /** {@code keepStale} zero: an entry is gone once expired. */
    public ForwardCache(int capacity, Duration keepStale, LongSupplier nanos) {
        if (capacity < 1) {
            throw new IllegalArgumentException("dns.forward.cache-size: " + capacity + " must be at least 1");
        }
        this.capacity = capacity;
        this.keepStale = keepStale;
        this.nanos = nanos;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > ForwardCache.this.capacity;
            }
        };
    }

    public long now() {
        return nanos.getAsLong();
    }

    public synchronized void put(Key key, Entry entry) {
        entries.put(key, entry);
    }

    /** The entry, fresh or (if still kept) stale; empty when absent or past keeping. */
    public synchronized Optional<Hit> get(Key key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        Duration age = Duration.ofNanos(nanos.getAsLong() - entry.storedAt());
        if (age.compareTo(entry.ttl()) < 0) {
            return Optional.of(new Hit(entry, age, false));
        }
        if (age.compareTo(entry.ttl().plus(keepStale)) >= 0) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(new Hit(entry, age, true));
    }

    public synchronized int size() {
        return entries.size();
    }
}
