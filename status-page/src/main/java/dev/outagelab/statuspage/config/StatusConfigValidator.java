package dev.outagelab.statuspage.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.outagelab.statuspage.core.Target;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Checks the rules a {@link StatusConfig} cannot express by itself. All problems are reported in one
 * message, each naming its key, so an operator fixes a broken ConfigMap in one go.
 */
public final class StatusConfigValidator {

    static final Set<String> REGIONS = Set.of("east", "west", "cloud");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private StatusConfigValidator() {
    }

    /** Returns the targets in configured order, or throws naming every invalid key. */
    public static List<Target> validate(StatusConfig config) {
        List<String> problems = new ArrayList<>();
        Duration interval = config.probe().interval();
        Duration timeout = config.probe().timeout();
        if (interval.isNegative() || interval.isZero()) {
            problems.add("status.probe.interval must be positive, got " + human(interval));
        }
        if (timeout.isNegative() || timeout.isZero()) {
            problems.add("status.probe.timeout must be positive, got " + human(timeout));
        } else if (timeout.compareTo(interval) >= 0) {
            // A timeout as long as the interval would let probes of a hung target pile up round after round.
            problems.add("status.probe.timeout (" + human(timeout) + ") must be shorter than status.probe.interval ("
                    + human(interval) + ")");
        }

        List<Target> targets = new ArrayList<>();
        Map<String, Integer> firstIndexByName = new HashMap<>();
        List<StatusConfig.Target> configured = config.targets();
        for (int i = 0; i < configured.size(); i++) {
            StatusConfig.Target t = configured.get(i);
            String key = "status.targets[" + i + "]";
            String name = trim(t.name());
            String component = trim(t.component());
            String region = trim(t.region()).toLowerCase(Locale.ROOT);

            if (!NAME.matcher(name).matches()) {
                problems.add(key + ".name '" + name + "' must be a DNS label (a-z, 0-9, '-')");
            } else {
                Integer previous = firstIndexByName.putIfAbsent(name, i);
                if (previous != null) {
                    problems.add(key + ".name '" + name + "' is already used by status.targets[" + previous + "].name");
                }
            }
            if (!NAME.matcher(component).matches()) {
                problems.add(key + ".component '" + component + "' must be a module name such as db-node");
            }
            if (!REGIONS.contains(region)) {
                problems.add(key + ".region '" + region + "' must be one of east, west, cloud");
            }
            URI url = parseHttpUrl(trim(t.healthUrl()), key + ".health-url", problems);
            targets.add(new Target(name, component, region, url));
        }

        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid status-page configuration: " + String.join("; ", problems));
        }
        return List.copyOf(targets);
    }

    private static URI parseHttpUrl(String value, String key, List<String> problems) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problems.add(key + " '" + value + "' must be an http:// or https:// URL");
                return null;
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                problems.add(key + " '" + value + "' has no host");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(key + " '" + value + "' is not a valid URL: " + e.getReason());
            return null;
        }
    }

    /** Durations as they are written in config ({@code 800ms}, {@code 1s}), not ISO-8601 ({@code PT0.8S}). */
    static String human(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }
}
