package dev.outagelab.cdnedge.release;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.outagelab.cdnedge.service.ConfigError;
import dev.outagelab.cdnedge.service.Rule;
import dev.outagelab.cdnedge.service.ServiceConfig;

/**
 * THE LATENT BUG of release 2021.05.12, kept on purpose. That release replaced the per-service walk over header
 * rules with one index, shared by every service on the edge, keyed by (service, header name) and built with
 * {@code Collectors.toMap} without a merge function. It assumed one rule per header per service. A valid config
 * in which two rules set the same response header (a site-wide {@code Cache-Control} and a stricter one for a
 * path, say) makes {@code toMap} throw {@code IllegalStateException: Duplicate key}; the index is rebuilt on the
 * next request, throws again, and so every request on the edge, for every customer, fails with 503.
 *
 * <p>Release 2021.06.08 applies each service's rules in order (later wins) and never builds this index.
 */
public final class SharedHeaderIndex {

    private final Map<String, Rule> ruleByServiceHeader;

    private SharedHeaderIndex(Map<String, Rule> ruleByServiceHeader) {
        this.ruleByServiceHeader = ruleByServiceHeader;
    }

    /** Throws {@link IllegalStateException} for the trigger config, exactly as the release did. */
    public static SharedHeaderIndex build(List<ServiceConfig> activeServices) {
        record Entry(String key, Rule rule) {
        }
        Map<String, Rule> index = activeServices.stream()
                .flatMap(s -> s.rules().stream().flatMap(r -> r.responseHeaders().keySet().stream()
                        .map(h -> new Entry(s.name() + " " + h.toLowerCase(Locale.ROOT), r))))
                .collect(Collectors.toMap(Entry::key, Entry::rule));
        return new SharedHeaderIndex(index);
    }

    /** The response headers the release sets for a request to this service and path. */
    public Map<String, String> responseHeaders(ServiceConfig service, String path) {
        Map<String, String> headers = new LinkedHashMap<>();
        String prefix = service.name() + " ";
        ruleByServiceHeader.forEach((key, rule) -> {
            if (key.startsWith(prefix) && rule.matches(path)) {
                rule.responseHeaders().forEach((name, value) -> {
                    if (name.equalsIgnoreCase(key.substring(prefix.length()))) {
                        headers.put(name, value);
                    }
                });
            }
        });
        return headers;
    }

    /**
     * The release check added after the incident: build the index as the running release would, and name the
     * rules it cannot serve instead of finding out from production traffic.
     */
    public static Optional<ConfigError> check(Release release, ServiceConfig candidate, List<ServiceConfig> others) {
        if (!release.usesSharedHeaderIndex()) {
            return Optional.empty();
        }
        try {
            build(Stream.concat(others.stream(), Stream.of(candidate)).toList());
            return Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.of(explain(release, candidate));
        }
    }

    private static ConfigError explain(Release release, ServiceConfig candidate) {
        Map<String, Integer> firstRuleByHeader = new LinkedHashMap<>();
        List<Rule> rules = candidate.rules();
        for (int i = 0; i < rules.size(); i++) {
            for (String header : rules.get(i).responseHeaders().keySet()) {
                Integer first = firstRuleByHeader.putIfAbsent(header.toLowerCase(Locale.ROOT), i);
                if (first != null) {
                    return new ConfigError("rules[" + i + "].responseHeaders." + header, "release " + release.version()
                            + " cannot serve two rules that set the same response header (rules[" + first + "] '"
                            + rules.get(first).name() + "' sets it too): every request on this edge would fail;"
                            + " run release 2021.06.08 or merge the rules");
                }
            }
        }
        return new ConfigError("rules", "release " + release.version() + " cannot build its header index");
    }
}
