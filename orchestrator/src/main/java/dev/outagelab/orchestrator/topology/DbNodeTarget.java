package dev.outagelab.orchestrator.topology;

/**
 * A db-node the orchestrator watches, from configuration.
 *
 * @param adminUrl base URL of the node's management port, e.g. {@code http://127.0.0.1:9007}
 * @param dnsName  the node's name in DNS, the target of {@code primary.db.lab.internal.} when it is primary
 */
public record DbNodeTarget(String name, String region, String adminUrl, String dnsName) {
}
