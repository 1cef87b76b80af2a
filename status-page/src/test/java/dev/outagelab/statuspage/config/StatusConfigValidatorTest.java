package dev.outagelab.statuspage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.outagelab.statuspage.core.Target;
import io.quarkus.runtime.configuration.ConfigurationException;

class StatusConfigValidatorTest {

    record TestTarget(String name, String component, String region, String healthUrl)
            implements StatusConfig.Target {
    }

    record TestProbe(Duration interval, Duration timeout) implements StatusConfig.Probe {
    }

    record TestConfig(StatusConfig.Probe probe, List<StatusConfig.Target> targets) implements StatusConfig {
        @Override
        public Page page() {
            return () -> "news.lab";
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
    void everyProblemIsReportedInOneMessage() {
        String message = problem(new TestConfig(new TestProbe(Duration.ofSeconds(1), Duration.ofSeconds(2)), List.of(
                new TestTarget("a", "db-node", "mars", "gopher://a/"))));
        assertTrue(message.startsWith("Invalid status-page configuration: "), message);
        assertEquals(3, message.split("; ").length, message);
    }
}
