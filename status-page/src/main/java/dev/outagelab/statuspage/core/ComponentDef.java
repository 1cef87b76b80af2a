package dev.outagelab.statuspage.core;

/**
 * A component as readers see it ("Database writes"), as opposed to the instances behind it.
 *
 * @param key   stable machine name, e.g. {@code db-writes} or {@code cdn-cdn-edge-east-0}; ids derive from it
 * @param group the group's name ("CDN", "Database") or null for a top-level component
 */
public record ComponentDef(String key, String name, String group, String description) {
}
