package dev.outagelab.cdnedge.proxy;

import java.util.Optional;

import dev.outagelab.cdnedge.cache.CachedObject;
import dev.outagelab.cdnedge.origin.OriginResponse;

/**
 * The outcome of one origin fetch that coalesced requests share. Only a stored (shareable) response may be handed
 * to requests other than the one that caused the fetch; a private one is not theirs to see. {@code revalidated}:
 * the origin answered 304 to the edge's conditional request and {@code response} is the stored one, refreshed.
 */
record Fetched(OriginResponse response, Optional<CachedObject> stored, boolean revalidated) {

    Fetched(OriginResponse response, Optional<CachedObject> stored) {
        this(response, stored, false);
    }
}
