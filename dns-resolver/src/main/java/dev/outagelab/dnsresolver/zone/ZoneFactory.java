package dev.outagelab.dnsresolver.zone;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * Turns configured records into a dnsjava {@link Zone}, with the SOA and NS synthesised from the settings.
 * Every problem is reported against the configuration key that holds it, so a bad config fails start-up with
 * a message a person can act on instead of a stack trace from deep inside the parser.
 */
public final class ZoneFactory {

    /** The types the lab's zone needs; others (MX, PTR, ...) are refused until something in the lab uses them. */
    static final Set<Integer> SUPPORTED_TYPES = Set.of(Type.A, Type.AAAA, Type.CNAME, Type.SRV, Type.TXT);

    // Nothing transfers this zone (the fleet will share updates its own way), so these SOA timers are nominal.
    private static final long SERIAL = 1;
    private static final long REFRESH = 3600;
    private static final long RETRY = 600;
    private static final long EXPIRE = 86_400;
    private static final long MAX_TTL = Integer.MAX_VALUE;

    private ZoneFactory() {
    }

    public static Zone build(ZoneSettings settings) {
        String key = settings.keyPrefix();
        Name origin = absoluteName(settings.origin(), key + ".origin");
        long defaultTtl = ttlSeconds(settings.ttl(), key + ".ttl");
        Name nameserver = relativeName(settings.nameserver(), origin, key + ".nameserver");
        Name hostmaster = relativeName(settings.hostmaster(), origin, key + ".hostmaster");

        List<Record> records = new ArrayList<>();
        records.add(new SOARecord(origin, DClass.IN, defaultTtl, nameserver, hostmaster, SERIAL, REFRESH, RETRY,
                EXPIRE, defaultTtl));
        records.add(new NSRecord(origin, DClass.IN, defaultTtl, nameserver));

        // Which key first put data at a name, and whether it was a CNAME: a CNAME must stand alone (RFC 1034 3.6.2).
        Map<Name, String> firstKeyAt = new HashMap<>();
        Map<Name, Boolean> cnameAt = new HashMap<>();
        firstKeyAt.put(origin, key + ".origin");
        cnameAt.put(origin, false);

        List<RecordSpec> specs = settings.records();
        for (int i = 0; i < specs.size(); i++) {
            String at = key + ".records[" + i + "]";
            Record record = parse(specs.get(i), at, origin, defaultTtl);
            boolean cname = record.getType() == Type.CNAME;
            String earlier = firstKeyAt.putIfAbsent(record.getName(), at);
            Boolean earlierCname = cnameAt.putIfAbsent(record.getName(), cname);
            if (earlier != null && (cname || earlierCname)) {
                throw new InvalidZoneException(at + ".type", "a CNAME cannot share the name " + record.getName()
                        + " with other records (see " + earlier + ")");
            }
            records.add(record);
        }
        try {
            return new Zone(origin, records.toArray(new Record[0]));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidZoneException(key, "the zone was rejected: " + e.getMessage());
        }
    }

    private static Record parse(RecordSpec spec, String at, Name origin, long defaultTtl) {
        Name name = relativeName(spec.name(), origin, at + ".name");
        if (!name.subdomain(origin)) {
            throw new InvalidZoneException(at + ".name", "'" + spec.name() + "' is outside the zone " + origin);
        }
        int type = spec.type() == null ? -1 : Type.value(spec.type().trim());
        if (!SUPPORTED_TYPES.contains(type)) {
            throw new InvalidZoneException(at + ".type", "'" + spec.type() + "' is not one of A, AAAA, CNAME, SRV, TXT");
        }
        long ttl = spec.ttl().map(t -> ttlSeconds(t, at + ".ttl")).orElse(defaultTtl);
        if (spec.data() == null || spec.data().isBlank()) {
            throw new InvalidZoneException(at + ".data", "is empty");
        }
        try {
            return Record.fromString(name, type, DClass.IN, ttl, spec.data().trim(), origin);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidZoneException(at + ".data",
                    "'" + spec.data() + "' is not valid " + Type.string(type) + " data: " + e.getMessage());
        }
    }

    private static Name absoluteName(String text, String key) {
        Name name = relativeName(text, Name.root, key);
        if (!text.trim().endsWith(".")) {
            throw new InvalidZoneException(key, "'" + text + "' must be absolute, ending with a dot");
        }
        return name;
    }

    private static Name relativeName(String text, Name origin, String key) {
        if (text == null || text.isBlank()) {
            throw new InvalidZoneException(key, "is empty");
        }
        try {
            return Name.fromString(text.trim(), origin);
        } catch (TextParseException e) {
            throw new InvalidZoneException(key, "'" + text + "' is not a valid name: " + e.getMessage());
        }
    }

    private static long ttlSeconds(Duration ttl, String key) {
        if (ttl.isNegative() || ttl.getSeconds() > MAX_TTL) {
            throw new InvalidZoneException(key, ttl + " is outside 0s.." + MAX_TTL + "s");
        }
        return ttl.getSeconds();
    }
}
