package dev.outagelab.lab.wiring;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Quarkus settings of one instance, in the order they were added, rendered as a properties file. */
public final class InstanceSettings {

    private final Map<String, String> settings = new LinkedHashMap<>();
    private final StringBuilder text = new StringBuilder();

    /** Adds a setting; a key set twice is a wiring bug, not something to resolve silently. */
    public InstanceSettings put(String key, Object value) {
        String previous = settings.putIfAbsent(key, String.valueOf(value));
        if (previous != null) {
            throw new IllegalStateException("lab wiring sets " + key + " twice");
        }
        text.append(escape(key)).append('=').append(escape(String.valueOf(value))).append('\n');
        return this;
    }

    public InstanceSettings comment(String comment) {
        text.append("# ").append(comment).append('\n');
        return this;
    }

    public Map<String, String> asMap() {
        return Map.copyOf(settings);
    }

    public String render() {
        return text.toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
