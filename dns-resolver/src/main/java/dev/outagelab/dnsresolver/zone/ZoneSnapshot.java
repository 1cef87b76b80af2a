package dev.outagelab.dnsresolver.zone;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * A whole zone as master-file text (RFC 1035 section 5), which is how updated zones are journaled and passed
 * between fleet members: small for this zone, and readable with {@code cat}. SOA first, then the rest in zone order.
 */
public record ZoneSnapshot(long serial, String text) {

    public static ZoneSnapshot of(Zone zone) {
        StringBuilder text = new StringBuilder();
        text.append(zone.getSOA()).append('\n');
        for (RRset set : zone) {
            if (set.getType() != Type.SOA) {
                set.rrs(false).forEach(r -> text.append(r).append('\n'));
            }
        }
        return new ZoneSnapshot(zone.getSOA().getSerial(), text.toString());
    }

    /** Parses and builds the zone; throws {@link InvalidZoneException} if the text is not a zone for {@code origin}. */
    public Zone toZone(Name origin) {
        List<Record> records = new ArrayList<>();
        try (Master master = new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), origin)) {
            for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
                if (!r.getName().subdomain(origin)) {
                    throw new InvalidZoneException("zone snapshot", r.getName() + " is outside " + origin);
                }
                records.add(r);
            }
            Zone zone = new Zone(origin, records.toArray(new Record[0]));
            if (zone.getSOA().getSerial() != serial) {
                throw new InvalidZoneException("zone snapshot", "says serial " + serial + " but its SOA has "
                        + zone.getSOA().getSerial());
            }
            return zone;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidZoneException invalid) {
                throw invalid;
            }
            throw new InvalidZoneException("zone snapshot", "not a zone for " + origin + ": " + e.getMessage());
        }
    }

    /** Breaks ties between two members that each accepted a different update at the same serial: all pick the same. */
    public String digest() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }

    /** Whether this snapshot should replace {@code current}: a higher serial, or the same serial and a higher digest. */
    public boolean supersedes(ZoneSnapshot current) {
        return serial > current.serial || (serial == current.serial && digest().compareTo(current.digest()) > 0);
    }
}
