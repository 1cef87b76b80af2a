package dev.outagelab.statuspage.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.outagelab.statuspage.core.DiscoveredService;
import dev.outagelab.statuspage.core.RuleSettings;
import dev.outagelab.statuspage.core.Target;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Checks the rules a {@link StatusConfig} cannot express by itself. All problems are reported in one
 * message, each naming its key, so an operator fixes a broken ConfigMap in one go.
 */
public final class StatusConfigValidator {

    static final Set<String> REGIONS = Set.of("east", "west", "cloud");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** Labels of letters, digits, '-' and '_' (SRV names start with _port._proto), optionally absolute. */
    private static final Pattern DNS_NAME = Pattern.compile("([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.)*"
            + "[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.?");

    private StatusConfigValidator() {
    }

    /** Returns the targets in configured order, or throws naming every invalid key. */
    public static List<Target> validate(StatusConfig config) {
        return validateAll(config).targets();
    }

    /** Checks everything; throws one message naming every invalid key. */
    public static ValidatedConfig validateAll(StatusConfig config) {
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

        RuleSettings rules = rules(config.rules(), problems);
        StatusConfig.Checks checks = config.checks();
        List<InetSocketAddress> resolvers = new ArrayList<>();
        List<String> resolverList = checks.dns().resolvers().orElse(List.of());
        for (int i = 0; i < resolverList.size(); i++) {
            InetSocketAddress address = hostPort(resolverList.get(i).trim(), "status.checks.dns.resolvers[" + i + "]",
                    problems);
            if (address != null) {
                resolvers.add(address);
            }
        }
        List<ValidatedConfig.Pop> pops = new ArrayList<>();
        for (int i = 0; i < checks.cdn().pops().size(); i++) {
            StatusConfig.Checks.Cdn.Pop pop = checks.cdn().pops().get(i);
            String key = "status.checks.cdn.pops[" + i + "]";
            String name = trim(pop.name());
            if (!NAME.matcher(name).matches()) {
                problems.add(key + ".name '" + name + "' must be a DNS label (a-z, 0-9, '-')");
            }
            pops.add(new ValidatedConfig.Pop(name, parseHttpUrl(trim(pop.url()), key + ".url", problems)));
        }
        Map<String, URI> dbNodes = new LinkedHashMap<>();
        List<StatusConfig.Checks.Database.Node> nodes = checks.database().nodes();
        for (int i = 0; i < nodes.size(); i++) {
            String key = "status.checks.database.nodes[" + i + "]";
            String name = trim(nodes.get(i).name());
            if (!NAME.matcher(name).matches()) {
                problems.add(key + ".name '" + name + "' must be a DNS label (the first label of the primary's CNAME)");
            }
            dbNodes.put(name, parseHttpUrl(trim(nodes.get(i).url()), key + ".url", problems));
        }
        if (!dbNodes.isEmpty() && resolvers.isEmpty()) {
            problems.add("status.checks.database.nodes needs status.checks.dns.resolvers to find the primary by its name");
        }
        List<URI> orchestrators = new ArrayList<>();
        List<String> urls = checks.orchestration().urls().orElse(List.of());
        for (int i = 0; i < urls.size(); i++) {
            orchestrators.add(parseHttpUrl(urls.get(i).trim(), "status.checks.orchestration.urls[" + i + "]", problems));
        }

        ValidatedConfig.Discovery discovery = discovery(config.discovery(), problems);

        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid status-page configuration: " + String.join("; ", problems));
        }
        return new ValidatedConfig(List.copyOf(targets), rules, List.copyOf(resolvers), checks.dns().name(),
                List.copyOf(pops), checks.cdn().host(), checks.cdn().path(), checks.database().primaryName(),
                dbNodes, List.copyOf(orchestrators), discovery);
    }

    private static ValidatedConfig.Discovery discovery(StatusConfig.Discovery discovery, List<String> problems) {
        InetSocketAddress server = discovery.server()
                .map(value -> hostPort(value.trim(), "status.discovery.server", problems)).orElse(null);
        positive(discovery.interval(), "status.discovery.interval", problems);
        positive(discovery.forgetAfter(), "status.discovery.forget-after", problems);
        List<DiscoveredService> services = new ArrayList<>();
        for (int i = 0; i < discovery.services().size(); i++) {
            StatusConfig.Discovery.Service service = discovery.services().get(i);
            String key = "status.discovery.services[" + i + "]";
            String component = trim(service.component());
            if (!NAME.matcher(component).matches()) {
                problems.add(key + ".component '" + component + "' must be a module name such as db-node");
            } else if (component.equals("cdn-edge")) {
                // Each POP is a component of its own, named before the first probe; DNS cannot add components.
                problems.add(key + ".component cdn-edge cannot be discovered: list POPs in status.checks.cdn.pops"
                        + " and status.targets");
            }
            String name = trim(service.name());
            if (!DNS_NAME.matcher(name).matches()) {
                problems.add(key + ".name '" + name + "' must be a DNS name such as "
                        + "_management._tcp.lab-db-node.lab.svc.cluster.local");
            }
            Integer port = service.port().orElse(null);
            if (port != null && (port < 1 || port > 65535)) {
                problems.add(key + ".port " + port + " must be 1-65535");
            } else if (port == null && !name.startsWith("_")) {
                problems.add(key + ".name '" + name + "' needs " + key + ".port (A records), or must be an SRV name"
                        + " starting with _<port-name>._tcp.");
            }
            String path = trim(service.path());
            if (!path.startsWith("/")) {
                problems.add(key + ".path '" + path + "' must start with /");
            }
            services.add(new DiscoveredService(component, name.endsWith(".") ? name : name + ".", port, path));
        }
        return new ValidatedConfig.Discovery(server, discovery.interval(), discovery.forgetAfter(),
                List.copyOf(services));
    }

    private static void positive(Duration duration, String key, List<String> problems) {
        if (duration.isNegative() || duration.isZero()) {
            problems.add(key + " must be positive, got " + human(duration));
        }
    }

    private static RuleSettings rules(StatusConfig.Rules rules, List<String> problems) {
        if (rules.window().isNegative() || rules.window().isZero()) {
            problems.add("status.rules.window must be positive, got " + human(rules.window()));
        }
        fraction(rules.partialFailureRate(), "status.rules.partial-failure-rate", problems);
        fraction(rules.majorFailureRate(), "status.rules.major-failure-rate", problems);
        fraction(rules.majorDownFraction(), "status.rules.major-down-fraction", problems);
        if (rules.partialFailureRate() > rules.majorFailureRate()) {
            problems.add("status.rules.partial-failure-rate (" + rules.partialFailureRate()
                    + ") must not exceed status.rules.major-failure-rate (" + rules.majorFailureRate() + ")");
        }
        if (rules.latencyPercentile() < 1 || rules.latencyPercentile() > 100) {
            problems.add("status.rules.latency-percentile must be 1 to 100, got " + rules.latencyPercentile());
        }
        if (rules.worsenAfter() < 1) {
            problems.add("status.rules.worsen-after must be at least 1, got " + rules.worsenAfter());
        }
        if (rules.improveAfter() < 1) {
            problems.add("status.rules.improve-after must be at least 1, got " + rules.improveAfter());
        }
        return new RuleSettings(rules.window(), rules.partialFailureRate(), rules.majorFailureRate(),
                rules.majorDownFraction(), rules.latencyThreshold(), rules.latencyPercentile(), rules.worsenAfter(),
                rules.improveAfter());
    }

    private static void fraction(double value, String key, List<String> problems) {
        if (!(value > 0 && value <= 1)) {
            problems.add(key + " must be above 0 and at most 1, got " + value);
        }
    }

    private static InetSocketAddress hostPort(String value, String key, List<String> problems) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            problems.add(key + " '" + value + "' must be host:port, e.g. 127.0.0.1:15353");
            return null;
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 1 || port > 65535) {
                problems.add(key + " '" + value + "' has a port outside 1-65535");
                return null;
            }
            return new InetSocketAddress(value.substring(0, colon), port);
        } catch (NumberFormatException e) {
            problems.add(key + " '" + value + "' has a port that is not a number");
            return null;
        }
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
