package dev.outagelab.cdnedge.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vertx.core.json.JsonObject;

/**
 * One tenant's service: the domains it serves, its origin, its stale defaults and its rules. Immutable; a change
 * is a new version in the {@link ServiceRegistry}. {@code source} is the JSON it was parsed from, echoed by the API.
 */
public record ServiceConfig(
        String name,
        List<String> domains,
        OriginSpec origin,
        Duration staleWhileRevalidate,
        Duration staleIfError,
        List<Rule> rules,
        JsonObject source) {

    /** What the matching rules decide for one request path. */
    public record Plan(Optional<Duration> ttl, boolean pass, Map<String, String> responseHeaders,
                       Map<String, String> requestHeaders, List<String> surrogateKeys) {
    }

    private static final Plan NO_RULES = new Plan(Optional.empty(), false, Map.of(), Map.of(), List.of());

    public Plan planFor(String path) {
        if (rules.isEmpty()) {
            return NO_RULES;
        }
        Optional<Duration> ttl = Optional.empty();
        boolean pass = false;
        Map<String, String> response = new LinkedHashMap<>();
        Map<String, String> request = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (Rule rule : rules) {
            if (!rule.matches(path)) {
                continue;
            }
            if (rule.ttl().isPresent()) {
                ttl = rule.ttl();
            }
            pass |= rule.pass();
            response.putAll(rule.responseHeaders());
            request.putAll(rule.requestHeaders());
            keys.addAll(rule.surrogateKeys());
        }
        return new Plan(ttl, pass, response, request, keys);
    }

    /** Same content, ignoring formatting: the file watcher activates only what really changed. */
    public boolean sameAs(ServiceConfig other) {
        return other != null && source.equals(other.source);
    }
}
