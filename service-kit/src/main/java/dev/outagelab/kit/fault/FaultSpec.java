package dev.outagelab.kit.fault;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.vertx.core.json.JsonObject;

/**
 * A validated fault request, e.g. {@code {"type":"latency","latency":"500ms","duration":"30s"}}.
 * Parsing is strict: unknown fields and values out of range are refused with a message naming the field,
 * so a typo like {@code latencyMs} never silently injects nothing.
 */
public record FaultSpec(FaultType type, FaultTarget target, Duration latency, double rate, int status,
                        Optional<Duration> duration) {

    static final Duration MAX_LATENCY = Duration.ofMinutes(10);
    static final Duration MAX_DURATION = Duration.ofHours(24);

    private static final Map<FaultType, Set<String>> FIELDS = Map.of(
            FaultType.LATENCY, Set.of("type", "target", "duration", "latency"),
            FaultType.ERROR, Set.of("type", "target", "duration", "rate", "status"),
            FaultType.HANG, Set.of("type", "target", "duration"),
            FaultType.CRASH, Set.of("type"));

    /** Reads and validates a request body; every problem is an {@link IllegalArgumentException} naming the field. */
    public static FaultSpec fromJson(JsonObject json) {
        FaultType type = parseEnum(FaultType.class, requireString(json, "type"), "type",
                "latency, error, hang or crash");
        for (String field : json.fieldNames()) {
            if (!FIELDS.get(type).contains(field)) {
                throw new IllegalArgumentException(type == FaultType.CRASH
                        ? "'" + field + "' does not apply to crash: the process exits at once and the supervisor "
                                + "(or Kubernetes) restarts it"
                        : "unknown field '" + field + "' for a " + type.wireName() + " fault; allowed: "
                                + String.join(", ", FIELDS.get(type).stream().sorted().toList()));
            }
        }
        FaultTarget target = json.containsKey("target")
                ? parseEnum(FaultTarget.class, requireString(json, "target"), "target", "app or all")
                : FaultTarget.APP;
        Optional<Duration> duration = json.containsKey("duration")
                ? Optional.of(boundedDuration(json, "duration", Duration.ofMillis(1), MAX_DURATION))
                : Optional.empty();

        return switch (type) {
            case LATENCY -> new FaultSpec(type, target,
                    boundedDuration(json, "latency", Duration.ofMillis(1), MAX_LATENCY), 0, 0, duration);
            case ERROR -> new FaultSpec(type, target, Duration.ZERO, rate(json), status(json), duration);
            case HANG, CRASH -> new FaultSpec(type, target, Duration.ZERO, 0, 0, duration);
        };
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("type", type.wireName());
        if (type != FaultType.CRASH) {
            json.put("target", target.wireName());
        }
        if (type == FaultType.LATENCY) {
            json.put("latency", Durations.format(latency));
        }
        if (type == FaultType.ERROR) {
            json.put("rate", rate).put("status", status);
        }
        duration.ifPresent(d -> json.put("duration", Durations.format(d)));
        return json;
    }

    private static double rate(JsonObject json) {
        Object value = json.getValue("rate");
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException("'rate' is required for an error fault: a number in (0, 1]");
        }
        double rate = number.doubleValue();
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("'rate' must be in (0, 1], was " + rate);
        }
        return rate;
    }

    private static int status(JsonObject json) {
        if (!json.containsKey("status")) {
            return 503;
        }
        Object value = json.getValue("status");
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).intValue() < 500
                || ((Number) value).intValue() > 599) {
            throw new IllegalArgumentException("'status' must be an integer from 500 to 599, was " + value);
        }
        return ((Number) value).intValue();
    }

    private static Duration boundedDuration(JsonObject json, String field, Duration min, Duration max) {
        if (!json.containsKey(field)) {
            throw new IllegalArgumentException("'" + field + "' is required, e.g. \"500ms\" or \"30s\"");
        }
        Duration d;
        try {
            d = Durations.parse(requireString(json, field));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + field + "': " + e.getMessage());
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("'" + field + "' must be between " + Durations.format(min)
                    + " and " + Durations.format(max) + ", was " + Durations.format(d));
        }
        return d;
    }

    private static String requireString(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required and must be a string");
        }
        return text;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String field, String allowed) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + field + "' must be " + allowed + ", was '" + text + "'");
        }
    }
}
