package dev.outagelab.dnsresolver.zone;

import java.time.Duration;
import java.util.Optional;

/** One record as configured, before it is checked: the zone factory turns it into a dnsjava record. */
public record RecordSpec(String name, String type, String data, Optional<Duration> ttl) {
}
