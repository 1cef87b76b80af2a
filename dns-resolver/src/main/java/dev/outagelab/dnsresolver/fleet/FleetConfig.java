package dev.outagelab.dnsresolver.fleet;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import dev.outagelab.kit.fault.Durations;
import io.vertx.core.json.JsonObject;

/**
 * The run-time fleet policy: the floor, the maintenance rotation and the safeguards. It arrives as one JSON document
 * (a file the instance reloads, or {@code PUT /admin/fleet/config}) and replaces the previous one whole.
 *
 * @param minHealthyHosts     the floor; empty when the document omits it (then {@link #effectiveMinHealthyHosts()})
 * @param rotationPeriod      how often the rotation takes the next host out; zero = no rotation
 * @param maintenanceDuration how long a host stays out for maintenance before it is brought back
 * @param maxRemovalsPerHour  the cap on maintenance removals in any rolling hour; zero = no cap
 * @param peakQps             the fleet's expected peak load, for validating the floor
 * @param hostQps             what one host serves, for validating the floor
 * @param validate            the run-time switch for semantic validation of the configs that follow this one; empty:
 *                            the instance's {@code dns.fleet.validate}
 */
public record FleetConfig(OptionalInt minHealthyHosts, Duration rotationPeriod, Duration maintenanceDuration,
        int maxRemovalsPerHour, OptionalInt peakQps, OptionalInt hostQps, Optional<Boolean> validate) {

    /** What a missing floor meant in the Seoul incident: a very low default, so the rotation drains the fleet. */
    public static final int LEGACY_MIN_HEALTHY_HOSTS = 1;

    static final String MIN_HEALTHY_HOSTS = "min-healthy-hosts";
    static final String ROTATION_PERIOD = "rotation-period";
    static final String MAINTENANCE_DURATION = "maintenance-duration";
    static final String MAX_REMOVALS_PER_HOUR = "max-removals-per-hour";
    static final String PEAK_QPS = "peak-qps";
    static final String HOST_QPS = "host-qps";
    static final String VALIDATE = "validate";
    private static final Set<String> KEYS = Set.of(MIN_HEALTHY_HOSTS, ROTATION_PERIOD, MAINTENANCE_DURATION,
            MAX_REMOVALS_PER_HOUR, PEAK_QPS, HOST_QPS, VALIDATE);

    /** Until a config arrives: a floor of one and no rotation, so nothing is ever taken out for maintenance. */
    public static final FleetConfig IDLE = new FleetConfig(OptionalInt.of(1), Duration.ZERO, Duration.ofMinutes(5), 0,
            OptionalInt.empty(), OptionalInt.empty(), Optional.empty());

    public int effectiveMinHealthyHosts() {
        return minHealthyHosts.orElse(LEGACY_MIN_HEALTHY_HOSTS);
    }

    public boolean rotates() {
        return !rotationPeriod.isZero();
    }

    /**
     * Syntax only: unknown keys (a typo would otherwise read as an omission), types, signs. Whether the values make
     * sense for the fleet is {@link FleetConfigValidator}'s job, and only when dns.fleet.validate is on.
     */
    public static FleetConfig parse(JsonObject doc) {
        for (String key : doc.fieldNames()) {
            if (!KEYS.contains(key)) {
                throw new InvalidFleetConfigException(key, "unknown key; known keys are " + KEYS.stream().sorted()
                        .toList());
            }
        }
        return new FleetConfig(optionalCount(doc, MIN_HEALTHY_HOSTS), duration(doc, ROTATION_PERIOD, Duration.ZERO),
                duration(doc, MAINTENANCE_DURATION, Duration.ofMinutes(5)),
                optionalCount(doc, MAX_REMOVALS_PER_HOUR).orElse(0), optionalCount(doc, PEAK_QPS),
                optionalCount(doc, HOST_QPS), optionalBoolean(doc, VALIDATE));
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        minHealthyHosts.ifPresent(n -> json.put(MIN_HEALTHY_HOSTS, n));
        json.put(ROTATION_PERIOD, Durations.format(rotationPeriod))
                .put(MAINTENANCE_DURATION, Durations.format(maintenanceDuration))
                .put(MAX_REMOVALS_PER_HOUR, maxRemovalsPerHour);
        peakQps.ifPresent(n -> json.put(PEAK_QPS, n));
        hostQps.ifPresent(n -> json.put(HOST_QPS, n));
        validate.ifPresent(v -> json.put(VALIDATE, v));
        return json;
    }

    /** The values as they take effect, for logs and the API: a missing floor shows as the default it falls to. */
    public String summary() {
        String floor = minHealthyHosts.isPresent() ? Integer.toString(effectiveMinHealthyHosts())
                : "omitted, so " + LEGACY_MIN_HEALTHY_HOSTS;
        return MIN_HEALTHY_HOSTS + "=" + floor + " " + ROTATION_PERIOD + "=" + Durations.format(rotationPeriod)
                + " " + MAINTENANCE_DURATION + "=" + Durations.format(maintenanceDuration)
                + " " + MAX_REMOVALS_PER_HOUR + "=" + maxRemovalsPerHour
                + validate.map(v -> " " + VALIDATE + "=" + v).orElse("");
    }

    private static Optional<Boolean> optionalBoolean(JsonObject doc, String key) {
        Object value = doc.getValue(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Boolean b)) {
            throw new InvalidFleetConfigException(key, "'" + value + "' is not true or false");
        }
        return Optional.of(b);
    }

    private static OptionalInt optionalCount(JsonObject doc, String key) {
        Object value = doc.getValue(key);
        if (value == null) {
            return OptionalInt.empty();
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.longValue() < 0 || n.longValue() > Integer.MAX_VALUE) {
            throw new InvalidFleetConfigException(key, "'" + value + "' is not a whole number >= 0");
        }
        return OptionalInt.of(n.intValue());
    }

    private static Duration duration(JsonObject doc, String key, Duration fallback) {
        Object value = doc.getValue(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String text)) {
            throw new InvalidFleetConfigException(key, "'" + value + "' is not a duration string such as \"30s\"");
        }
        try {
            Duration d = Durations.parse(text);
            if (d.isNegative()) {
                throw new InvalidFleetConfigException(key, "'" + text + "' is negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new InvalidFleetConfigException(key, e.getMessage());
        }
    }
}
