package dev.outagelab.dnsresolver.zone;

import java.time.Duration;
import java.util.List;

/**
 * What a zone is built from. {@code keyPrefix} is the configuration key of the zone (for example
 * {@code dns.zone}), so an error can name the exact key a person has to fix.
 */
public record ZoneSettings(String origin, Duration ttl, String nameserver, String hostmaster,
        List<RecordSpec> records, String keyPrefix) {
}
