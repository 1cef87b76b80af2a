package dev.outagelab.cdnedge.service;

import java.time.Instant;

/**
 * One entry of the activation log: which version of which service became active, when, why, and what it replaced
 * (0 when the service was new). {@code source} is api, file, rollback or auto-rollback.
 */
public record Activation(String service, int version, int previousVersion, Instant at, String source,
                         boolean staged, String reason) {
}
