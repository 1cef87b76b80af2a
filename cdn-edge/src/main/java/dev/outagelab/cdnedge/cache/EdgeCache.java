package dev.outagelab.cdnedge.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;

import dev.outagelab.cdnedge.config.EdgeConfig;

/**
 * The object store: Caffeine bounded by bytes (bodies plus headers), each entry kept for its fresh time plus its
 * longest stale window. Beside it, an index from tags (the URL, and each surrogate key) to cache keys makes
 * purges instant, and the {@code Vary} header names of each URL say which request headers select a variant.
 */
@Singleton
public class EdgeCache {

    private final Cache<String, CachedObject> objects;
    private final Map<String, Set<String>> keysByTag = new ConcurrentHashMap<>();
    private final Map<String, List<String>> varyByUrl = new ConcurrentHashMap<>();

    @Inject
    EdgeCache(EdgeConfig config) {
        this(config.cache().maxBytes(), config.cache().keepForRevalidation());
    }

    public EdgeCache(long maxBytes) {
        this(maxBytes, Duration.ZERO);
    }

    public EdgeCache(long maxBytes, Duration keepForRevalidation) {
        this.objects = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, CachedObject o) -> o.weight())
                .expireAfter(new Expiry<String, CachedObject>() {
                    @Override
                    public long expireAfterCreate(String key, CachedObject o, long now) {
                        return o.retainFor(keepForRevalidation).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, CachedObject o, long now, long current) {
                        return o.retainFor(keepForRevalidation).toNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, CachedObject o, long now, long current) {
                        return current;
                    }
                })
                // Maintenance on the caller's thread: the byte bound holds as soon as put() returns.
                .executor(Runnable::run)
                .removalListener((String key, CachedObject o, RemovalCause cause) -> {
                    if (o != null) {
                        untag(key, o);
                    }
                })
                .build();
    }

    /** The request headers that select a variant of this URL, as its last stored response's Vary named them. */
    public List<String> varyFor(String url) {
        return varyByUrl.getOrDefault(url, List.of());
    }

    public Optional<CachedObject> get(String key) {
        return Optional.ofNullable(objects.getIfPresent(key));
    }

    public void put(CachedObject object, List<String> vary) {
        varyByUrl.put(object.url(), List.copyOf(vary));
        for (String tag : object.tags()) {
            keysByTag.computeIfAbsent(tag, t -> ConcurrentHashMap.newKeySet()).add(object.key());
        }
        objects.put(object.key(), object);
    }

    /** Removes every variant of the URL; returns how many objects went. */
    public int purgeUrl(String url) {
        return purgeTag(urlTag(url));
    }

    public int purgeSurrogateKey(String service, String key) {
        return purgeTag(surrogateTag(service, key));
    }

    public void purgeAll() {
        objects.invalidateAll();
    }

    public long weightedBytes() {
        objects.cleanUp();
        return objects.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    public long objectCount() {
        return objects.estimatedSize();
    }

    public static String urlTag(String url) {
        return "url " + url;
    }

    public static String surrogateTag(String service, String key) {
        return "key " + service + " " + key;
    }

    private int purgeTag(String tag) {
        Set<String> keys = keysByTag.remove(tag);
        if (keys == null) {
            return 0;
        }
        int removed = 0;
        for (String key : keys) {
            if (objects.asMap().remove(key) != null) {
                removed++;
            }
        }
        return removed;
    }

    private void untag(String key, CachedObject o) {
        // A replaced object's listener runs after its successor is in: keep the tags the successor holds.
        CachedObject successor = objects.asMap().get(key);
        for (String tag : o.tags()) {
            if (successor != null && successor.tags().contains(tag)) {
                continue;
            }
            keysByTag.computeIfPresent(tag, (t, keys) -> {
                keys.remove(key);
                return keys.isEmpty() ? null : keys;
            });
        }
        if (!keysByTag.containsKey(urlTag(o.url()))) {
            varyByUrl.remove(o.url());
        }
    }
}
