package dev.outagelab.dnsresolver.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/** Configuration validation: a zone that cannot be served fails with a message naming the key to fix. */
class ZoneFactoryTest {

    private static final List<RecordSpec> GOOD = List.of(
            spec("ns1", "A", "127.0.0.1"),
            spec("origin.news", "A", "127.0.0.1"),
            spec("primary.db.lab.internal.", "CNAME", "origin.news"));

    @Test
    void aValidConfigBuildsAZoneWithSynthesisedSoaAndNs() throws Exception {
        Zone zone = ZoneFactory.build(settings(GOOD));
        assertEquals(Name.fromString("ns1.lab.internal."), zone.getSOA().getHost());
        assertEquals(30, zone.getSOA().getMinimum(), "the negative-caching TTL is the zone TTL");
        assertEquals(1, zone.getNS().size());
        SetResponse cname = zone.findRecords(Name.fromString("primary.db.lab.internal."), Type.A);
        assertTrue(cname.isCNAME(), "absolute names and relative targets both land in the zone");
        assertEquals(Name.fromString("origin.news.lab.internal."), cname.getCNAME().getTarget());
    }

    @Test
    void badDataNamesTheRecordsDataKey() {
        assertProblem("dns.zone.records[2].data", spec("x", "A", "not-an-address"));
    }

    @Test
    void anUnsupportedTypeNamesTheTypeKey() {
        assertProblem("dns.zone.records[2].type", spec("x", "MX", "10 mail"));
    }

    @Test
    void aNameOutsideTheZoneNamesTheNameKey() {
        assertProblem("dns.zone.records[2].name", spec("example.com.", "A", "127.0.0.1"));
    }

    @Test
    void aCnameBesideOtherDataIsRejected() {
        assertProblem("dns.zone.records[2].type", spec("ns1", "CNAME", "origin.news"));
    }

    @Test
    void aNegativeTtlNamesTheTtlKey() {
        List<RecordSpec> records = new ArrayList<>(GOOD.subList(0, 2));
        records.add(new RecordSpec("x", "A", "127.0.0.1", Optional.of(Duration.ofSeconds(-1))));
        InvalidZoneException e = assertThrows(InvalidZoneException.class, () -> ZoneFactory.build(settings(records)));
        assertTrue(e.getMessage().startsWith("dns.zone.records[2].ttl: "), e.getMessage());
    }

    @Test
    void aRelativeOriginIsRejected() {
        ZoneSettings relative = new ZoneSettings("lab.internal", Duration.ofSeconds(30), "ns1", "hostmaster", GOOD,
                "dns.zone");
        InvalidZoneException e = assertThrows(InvalidZoneException.class, () -> ZoneFactory.build(relative));
        assertTrue(e.getMessage().startsWith("dns.zone.origin: "), e.getMessage());
    }

    private static void assertProblem(String key, RecordSpec third) {
        List<RecordSpec> records = new ArrayList<>(GOOD.subList(0, 2));
        records.add(third);
        InvalidZoneException e = assertThrows(InvalidZoneException.class, () -> ZoneFactory.build(settings(records)));
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
    }

    private static ZoneSettings settings(List<RecordSpec> records) {
        return new ZoneSettings("lab.internal.", Duration.ofSeconds(30), "ns1", "hostmaster", records, "dns.zone");
    }

    private static RecordSpec spec(String name, String type, String data) {
        return new RecordSpec(name, type, data, Optional.empty());
    }
}
