package dev.outagelab.cdnedge.release;

import java.util.Map;

import jakarta.inject.Singleton;

import dev.outagelab.cdnedge.service.ServiceConfig;
import dev.outagelab.cdnedge.service.ServiceRegistry;

/**
 * The response headers a request gets from its service's rules, computed the way the running release does it:
 * 2021.06.08 walks the service's rules in order; 2021.05.12 goes through the edge-wide {@link SharedHeaderIndex},
 * built lazily once per set of active configs, and rebuilt (and failing again) on every request while building
 * it throws.
 */
@Singleton
public class ResponseHeaderRules {

    private record Built(long generation, SharedHeaderIndex index) {
    }

    private final ServiceRegistry registry;
    private volatile Built built = new Built(-1, null);

    public ResponseHeaderRules(ServiceRegistry registry) {
        this.registry = registry;
    }

    /** Throws {@link IllegalStateException} on release 2021.05.12 while the trigger config is active. */
    public Map<String, String> forRequest(ServiceConfig service, String path) {
        return forRequest(service, path, service.planFor(path));
    }

    /** As above, reusing the plan the caller already made for this path. */
    public Map<String, String> forRequest(ServiceConfig service, String path, ServiceConfig.Plan plan) {
        if (!registry.release().usesSharedHeaderIndex()) {
            return plan.responseHeaders();
        }
        ServiceRegistry.Snapshot snapshot = registry.snapshot();
        Built current = built;
        if (current.generation() != snapshot.generation()) {
            current = new Built(snapshot.generation(), SharedHeaderIndex.build(snapshot.active()));
            built = current;
        }
        return current.index().responseHeaders(service, path);
    }
}
