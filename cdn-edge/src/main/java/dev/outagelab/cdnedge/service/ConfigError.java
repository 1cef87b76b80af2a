package dev.outagelab.cdnedge.service;

/** One problem with a service config, naming the JSON field it is in (e.g. {@code rules[1].ttl}). */
public record ConfigError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
