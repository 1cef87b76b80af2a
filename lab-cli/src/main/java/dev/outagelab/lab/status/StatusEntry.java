package dev.outagelab.lab.status;

import java.util.Map;

/**
 * One element of `lab status --json`.
 *
 * @param component the module that runs the instance (the status page's component group)
 * @param pid       null when no process runs
 * @param urls      "app" and "management" base URLs, plus "dns" (host:port) for resolvers
 */
public record StatusEntry(String name, String component, String region, Long pid, InstanceState state,
                          int restarts, Map<String, String> urls) {
}
