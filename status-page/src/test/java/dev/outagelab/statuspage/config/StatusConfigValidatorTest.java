package dev.outagelab.statuspage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.outagelab.statuspage.core.DiscoveredService;
import dev.outagelab.statuspage.core.Target;
import io.quarkus.runtime.configuration.ConfigurationException;

class StatusConfigValidatorTest {

    record TestTarget(String name, String component, String region, String healthUrl)
            implements StatusConfig.Target {
    }

    record TestProbe(Duration interval, Duration timeout) implements StatusConfig.Probe {
    }

    record TestRules(Duration window, double partialFailureRate, double majorFailureRate, double majorDownFraction,
            Duration latencyThreshold, int latencyPercentile, int worsenAfter, int improveAfter)
            implements StatusConfig.Rules {
    }

    static final TestRules DEFAULT_RULES = new TestRules(Duration.ofSeconds(5), 0.2, 0.5, 0.5, Duration.ofMillis(500),
            95, 2, 3);

    record TestChecks(List<String> resolvers, List<StatusConfig.Checks.Database.Node> nodes)
            implements StatusConfig.Checks {
        @Override
        public Dns dns() {
            return new Dns() {
                @Override
                public Optional<List<String>> resolvers() {
                    return Optional.of(resolvers);
                }

                @Override
                public String name() {
                    return "origin.news.lab.internal";
                }
            };
        }

        @Override
        public Cdn cdn() {
            return new Cdn() {
                @Override
                public List<Pop> pops() {
                    return List.of();
                }

                @Override
                public String host() {
                    return "news.lab";
                }

                @Override
                public String path() {
                    return "/";
                }
            };
        }

        @Override
        public Database database() {
            return new Database() {
                @Override
                public String primaryName() {
                    return "primary.db.lab.internal";
                }

                @Override
                public List<Node> nodes() {
                    return nodes;
                }
            };
        }

        @Override
        public Orchestration orchestration() {
            return Optional::empty;
        }
    }

    record TestService(String component, String name, Optional<Integer> port, String path)
            implements StatusConfig.Discovery.Service {
    }

    record TestDiscovery(Optional<String> server, Duration interval, Duration forgetAfter,
            List<StatusConfig.Discovery.Service> services) implements StatusConfig.Discovery {
    }

    private static final TestDiscovery NO_DISCOVERY = new TestDiscovery(Optional.empty(), Duration.ofSeconds(10),
            Duration.ofMinutes(5), List.of());

    record TestConfig(StatusConfig.Probe probe, List<StatusConfig.Target> targets, StatusConfig.Rules rules,
            StatusConfig.Checks checks, StatusConfig.Discovery discovery) implements StatusConfig {
        TestConfig(StatusConfig.Probe probe, List<StatusConfig.Target> targets) {
            this(probe, targets, DEFAULT_RULES, new TestChecks(List.of(), List.of()));
        }

        TestConfig(StatusConfig.Probe probe, List<StatusConfig.Target> targets, StatusConfig.Rules rules,
                StatusConfig.Checks checks) {
            this(probe, targets, rules, checks, NO_DISCOVERY);
        }

        static TestConfig discovering(StatusConfig.Discovery discovery) {
            return new TestConfig(DEFAULT_PROBE, List.of(), DEFAULT_RULES, new TestChecks(List.of(), List.of()),
                    discovery);
        }

        @Override
        public Page page() {
            return () -> "news.lab";
        }

        @Override
        public String dataDir() {
            return "data";
        }

        @Override
        public Incidents incidents() {
            return () -> Duration.ofMinutes(5);
        }
    }

    private static final TestProbe DEFAULT_PROBE = new TestProbe(Duration.ofSeconds(1), Duration.ofMillis(800));

    private static TestTarget target(String name, String url) {
        return new TestTarget(name, "db-node", "east", url);
    }

    private static String problem(StatusConfig config) {
        return assertThrows(ConfigurationException.class, () -> StatusConfigValidator.validate(config)).getMessage();
    }

    @Test
    void validConfigGivesTargetsInConfiguredOrder() {
        List<Target> targets = StatusConfigValidator.validate(new TestConfig(DEFAULT_PROBE, List.of(
                target("db-node-east-0", "http://127.0.0.1:9007/q/health/ready"),
                new TestTarget(" db-node-west-0 ", "db-node", "WEST", "https://db-west:9000/q/health/ready"))));
        assertEquals(List.of("db-node-east-0", "db-node-west-0"), targets.stream().map(Target::name).toList());
        assertEquals("west", targets.get(1).region());
        assertEquals(9007, targets.get(0).healthUrl().getPort());
    }

    @Test
    void noTargetsIsValid() {
        assertEquals(List.of(), StatusConfigValidator.validate(new TestConfig(DEFAULT_PROBE, List.of())));
    }

    @Test
    void duplicateTargetNamesAreRejectedNamingBothKeys() {
        String message = problem(new TestConfig(DEFAULT_PROBE, List.of(
                target("db-node-east-0", "http://a:1/"), target("db-node-east-0", "http://b:1/"))));
        assertTrue(message.contains("status.targets[1].name 'db-node-east-0' is already used by status.targets[0].name"),
                message);
    }

    @Test
    void timeoutEqualToIntervalIsRejected() {
        String message = problem(new TestConfig(new TestProbe(Duration.ofSeconds(1), Duration.ofSeconds(1)), List.of()));
        assertTrue(message.contains("status.probe.timeout (1s) must be shorter than status.probe.interval (1s)"),
                message);
    }

    @Test
    void nonPositiveDurationsAreRejected() {
        String message = problem(new TestConfig(new TestProbe(Duration.ZERO, Duration.ofMillis(-1)), List.of()));
        assertTrue(message.contains("status.probe.interval must be positive"), message);
        assertTrue(message.contains("status.probe.timeout must be positive"), message);
    }

    @Test
    void healthUrlThatIsNotHttpIsRejected() {
        String message = problem(new TestConfig(DEFAULT_PROBE, List.of(target("a", "ftp://host/ready"))));
        assertTrue(message.contains("status.targets[0].health-url 'ftp://host/ready' must be an http:// or https:// URL"),
                message);
    }

    @Test
    void healthUrlWithoutHostIsRejected() {
        String message = problem(new TestConfig(DEFAULT_PROBE, List.of(target("a", "http:///q/health/ready"))));
        assertTrue(message.contains("status.targets[0].health-url"), message);
    }

    @Test
    void healthUrlThatDoesNotParseIsRejected() {
        String message = problem(new TestConfig(DEFAULT_PROBE, List.of(target("a", "http://bad host/"))));
        assertTrue(message.contains("status.targets[0].health-url 'http://bad host/' is not a valid URL"), message);
    }

    @Test
    void unknownRegionIsRejected() {
        String message = problem(new TestConfig(DEFAULT_PROBE, List.of(
                new TestTarget("a", "db-node", "mars", "http://a:1/"))));
        assertTrue(message.contains("status.targets[0].region 'mars' must be one of east, west, cloud"), message);
    }

    @Test
    void namesAndComponentsMustBeDnsLabels() {
        String message = problem(new TestConfig(DEFAULT_PROBE, List.of(
                new TestTarget("", "db node", "east", "http://a:1/"))));
        assertTrue(message.contains("status.targets[0].name '' must be a DNS label"), message);
        assertTrue(message.contains("status.targets[0].component 'db node'"), message);
    }

    @Test
    void resolversMustBeHostAndPort() {
        String message = problem(new TestConfig(DEFAULT_PROBE, List.of(), DEFAULT_RULES,
                new TestChecks(List.of("127.0.0.1:15353", "127.0.0.1", "127.0.0.1:99999"), List.of())));
        assertTrue(message.contains("status.checks.dns.resolvers[1] '127.0.0.1' must be host:port"), message);
        assertTrue(message.contains("status.checks.dns.resolvers[2] '127.0.0.1:99999' has a port outside 1-65535"),
                message);
    }

    record TestNode(String name, String url) implements StatusConfig.Checks.Database.Node {
    }

    @Test
    void databaseCheckNeedsResolversToFindThePrimary() {
        String message = problem(new TestConfig(DEFAULT_PROBE, List.of(), DEFAULT_RULES,
                new TestChecks(List.of(), List.of(new TestNode("db-node-east-0", "http://127.0.0.1:8087")))));
        assertTrue(message.contains("status.checks.database.nodes needs status.checks.dns.resolvers"), message);
    }

    @Test
    void ruleThresholdsAreChecked() {
        String message = problem(new TestConfig(DEFAULT_PROBE, List.of(), new TestRules(Duration.ofSeconds(5), 0.6,
                0.5, 0, Duration.ofMillis(500), 101, 0, 3), new TestChecks(List.of(), List.of())));
        assertTrue(message.contains("status.rules.partial-failure-rate (0.6) must not exceed"), message);
        assertTrue(message.contains("status.rules.major-down-fraction must be above 0"), message);
        assertTrue(message.contains("status.rules.latency-percentile must be 1 to 100"), message);
        assertTrue(message.contains("status.rules.worsen-after must be at least 1"), message);
    }

    @Test
    void everyProblemIsReportedInOneMessage() {
        String message = problem(new TestConfig(new TestProbe(Duration.ofSeconds(1), Duration.ofSeconds(2)), List.of(
                new TestTarget("a", "db-node", "mars", "gopher://a/"))));
        assertTrue(message.startsWith("Invalid status-page configuration: "), message);
        assertEquals(3, message.split("; ").length, message);
    }

    @Test
    void discoveredServicesAreSrvNamesOrNamesWithAPortAndBecomeAbsolute() {
        ValidatedConfig valid = StatusConfigValidator.validateAll(TestConfig.discovering(new TestDiscovery(
                Optional.of("10.96.0.10:53"), Duration.ofSeconds(10), Duration.ofMinutes(5), List.of(
                        new TestService("db-node", "_management._tcp.lab-db-node.lab.svc.cluster.local",
                                Optional.empty(), "/q/health/ready"),
                        new TestService("orchestrator", "lab-orchestrator.lab.svc.cluster.local.", Optional.of(9000),
                                "/q/health/ready")))));
        assertEquals(new InetSocketAddress("10.96.0.10", 53), valid.discovery().server());
        assertEquals(List.of(
                new DiscoveredService("db-node", "_management._tcp.lab-db-node.lab.svc.cluster.local.", null,
                        "/q/health/ready"),
                new DiscoveredService("orchestrator", "lab-orchestrator.lab.svc.cluster.local.", 9000,
                        "/q/health/ready")), valid.discovery().services());
        assertTrue(valid.discovery().services().get(0).srv());
    }

    @Test
    void badDiscoverySettingsAreNamedByKey() {
        String message = problem(TestConfig.discovering(new TestDiscovery(Optional.of("cluster-dns"),
                Duration.ZERO, Duration.ofMinutes(5), List.of(
                        new TestService("cdn-edge", "_management._tcp.lab-cdn.lab.svc", Optional.empty(), "/"),
                        new TestService("db-node", "lab-db-node.lab.svc", Optional.empty(), "q/health"),
                        new TestService("db node", "bad name!", Optional.of(70000), "/")))));
        assertTrue(message.contains("status.discovery.server 'cluster-dns' must be host:port"), message);
        assertTrue(message.contains("status.discovery.interval must be positive, got 0s"), message);
        assertTrue(message.contains("status.discovery.services[0].component cdn-edge cannot be discovered"), message);
        assertTrue(message.contains("status.discovery.services[1].name 'lab-db-node.lab.svc' needs "
                + "status.discovery.services[1].port"), message);
        assertTrue(message.contains("status.discovery.services[1].path 'q/health' must start with /"), message);
        assertTrue(message.contains("status.discovery.services[2].component 'db node' must be a module name"), message);
        assertTrue(message.contains("status.discovery.services[2].name 'bad name!' must be a DNS name"), message);
        assertTrue(message.contains("status.discovery.services[2].port 70000 must be 1-65535"), message);
    }
}
