package dev.outagelab.dnsresolver.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.Zone;

import dev.outagelab.dnsresolver.zone.RecordSpec;
import dev.outagelab.dnsresolver.zone.ZoneFactory;
import dev.outagelab.dnsresolver.zone.ZoneSettings;
import dev.outagelab.dnsresolver.zone.ZoneStore;

/** RFC 2136 prerequisites and updates against a zone in memory, no network and no TSIG. */
class ZoneUpdaterTest {

    private static final Name ORIGIN = name("lab.internal.");
    private static final Name PRIMARY = name("primary.db.lab.internal.");
    private static final Name EAST = name("db-node-east-0.db.lab.internal.");
    private static final Name WEST = name("db-node-west-0.db.lab.internal.");

    private ZoneStore store;
    private ZoneUpdater updater;

    @BeforeEach
    void zone() {
        store = new ZoneStore(ZoneFactory.build(new ZoneSettings("lab.internal.", Duration.ofSeconds(30), "ns1",
                "hostmaster", List.of(
                        new RecordSpec("ns1", "A", "127.0.0.1", Optional.empty()),
                        new RecordSpec("db-node-east-0.db", "A", "127.0.0.1", Optional.empty()),
                        new RecordSpec("db-node-west-0.db", "A", "127.0.0.2", Optional.empty()),
                        new RecordSpec("primary.db", "CNAME", "db-node-east-0.db", Optional.of(Duration.ofSeconds(5)))),
                "dns.zone")));
        updater = new ZoneUpdater(store);
    }

    @Test
    void movingTheCnameReplacesItAndBumpsTheSerial() throws Exception {
        Update update = new Update(ORIGIN);
        update.present(PRIMARY, Type.CNAME);
        update.delete(PRIMARY, Type.CNAME);
        update.add(PRIMARY, Type.CNAME, 5, WEST.toString());
        ZoneUpdater.Outcome outcome = apply(update);
        assertEquals(Rcode.NOERROR, outcome.rcode(), outcome.summary());
        assertTrue(outcome.changed());
        assertEquals(2, outcome.serial());
        assertEquals(2, store.current().getSOA().getSerial());
        assertEquals(List.of(WEST.toString()), rdata(PRIMARY, Type.CNAME));
    }

    @Test
    void addingACnameOverACnameReplacesIt() throws Exception {
        Update update = new Update(ORIGIN);
        update.add(PRIMARY, Type.CNAME, 5, WEST.toString());
        assertEquals(Rcode.NOERROR, apply(update).rcode());
        assertEquals(List.of(WEST.toString()), rdata(PRIMARY, Type.CNAME));
    }

    @Test
    void aFailingPrerequisiteAppliesNothing() throws Exception {
        Zone before = store.current();
        Update update = new Update(ORIGIN);
        update.absent(PRIMARY); // it is in use: YXDOMAIN
        update.delete(PRIMARY, Type.CNAME);
        ZoneUpdater.Outcome outcome = apply(update);
        assertEquals(Rcode.YXDOMAIN, outcome.rcode());
        assertFalse(outcome.changed());
        assertSame(before, store.current(), "the served zone is untouched");
    }

    @Test
    void eachKindOfPrerequisiteGivesItsRcode() throws Exception {
        assertEquals(Rcode.NXDOMAIN, prerequisite(u -> u.present(name("nobody.lab.internal."))));
        assertEquals(Rcode.NXRRSET, prerequisite(u -> u.present(PRIMARY, Type.A)));
        assertEquals(Rcode.YXRRSET, prerequisite(u -> u.absent(PRIMARY, Type.CNAME)));
        assertEquals(Rcode.YXDOMAIN, prerequisite(u -> u.absent(EAST)));
        assertEquals(Rcode.NXRRSET, prerequisite(u -> u.present(new ARecord(EAST, DClass.IN, 0, addr("10.0.0.9")))));
        assertEquals(Rcode.NOERROR, prerequisite(u -> u.present(new ARecord(EAST, DClass.IN, 0, addr("127.0.0.1")))));
        assertEquals(Rcode.NOERROR, prerequisite(u -> u.absent(name("nobody.lab.internal."))));
        assertEquals(Rcode.NOTZONE, prerequisite(u -> u.present(name("example.com."))));
    }

    @Test
    void aNameOutsideTheZoneIsNotzoneAndNothingIsApplied() throws Exception {
        Zone before = store.current();
        Update update = new Update(ORIGIN);
        update.add(name("new.lab.internal."), Type.A, 30, "127.0.0.3");
        update.add(name("evil.example.com."), Type.A, 30, "127.0.0.3");
        assertEquals(Rcode.NOTZONE, apply(update).rcode());
        assertSame(before, store.current());
    }

    @Test
    void theApexSoaAndNsSurviveEveryKindOfDelete() throws Exception {
        Zone before = store.current();
        Update update = new Update(ORIGIN);
        update.delete(ORIGIN); // all RRsets at the apex
        update.delete(ORIGIN, Type.SOA);
        update.delete(ORIGIN, Type.NS);
        update.delete(new NSRecord(ORIGIN, DClass.IN, 30, name("ns1.lab.internal.")));
        ZoneUpdater.Outcome outcome = apply(update);
        assertEquals(Rcode.NOERROR, outcome.rcode(), "ignored, as RFC 2136 3.4.2.3 says, not an error");
        assertFalse(outcome.changed());
        assertSame(before, store.current(), "nothing changed, so the serial stays");
        assertNotNull(store.current().getSOA());
        assertEquals(1, store.current().getNS().size());
    }

    @Test
    void addingSoaOrNsIsRefusedByPolicy() throws Exception {
        Update update = new Update(ORIGIN);
        update.add(ORIGIN, Type.NS, 30, "ns2.lab.internal.");
        assertEquals(Rcode.REFUSED, apply(update).rcode());
    }

    @Test
    void dataCannotJoinACnameNorACnameJoinData() throws Exception {
        Update update = new Update(ORIGIN);
        update.add(PRIMARY, Type.A, 30, "127.0.0.5");
        update.add(EAST, Type.CNAME, 30, WEST.toString());
        ZoneUpdater.Outcome outcome = apply(update);
        assertEquals(Rcode.NOERROR, outcome.rcode());
        assertFalse(outcome.changed());
        assertEquals(List.of(), rdata(PRIMARY, Type.A));
        assertEquals(List.of(), rdata(EAST, Type.CNAME));
    }

    @Test
    void deletingOneRecordOrAWholeNameWorks() throws Exception {
        Update add = new Update(ORIGIN);
        add.add(name("pool.lab.internal."), Type.A, 30, "127.0.0.7");
        add.add(name("pool.lab.internal."), Type.A, 30, "127.0.0.8");
        add.add(name("pool.lab.internal."), Type.TXT, 30, "\"pool\"");
        assertEquals(Rcode.NOERROR, apply(add).rcode());
        assertEquals(2, rdata(name("pool.lab.internal."), Type.A).size());

        Update one = new Update(ORIGIN);
        one.delete(new ARecord(name("pool.lab.internal."), DClass.IN, 30, addr("127.0.0.7")));
        assertEquals(Rcode.NOERROR, apply(one).rcode());
        assertEquals(List.of("127.0.0.8"), rdata(name("pool.lab.internal."), Type.A));

        Update all = new Update(ORIGIN);
        all.delete(name("pool.lab.internal."));
        ZoneUpdater.Outcome outcome = apply(all);
        assertTrue(outcome.changed());
        assertEquals(4, outcome.serial(), "one bump per accepted change");
        assertTrue(ZoneUpdater.rrsetsAt(store.current(), name("pool.lab.internal.")).isEmpty());
    }

    private interface Prerequisite {
        void addTo(Update update) throws Exception;
    }

    private int prerequisite(Prerequisite p) throws Exception {
        Update update = new Update(ORIGIN);
        p.addTo(update);
        return apply(update).rcode();
    }

    private ZoneUpdater.Outcome apply(Update update) {
        return updater.apply(update.getSection(Section.PREREQ), update.getSection(Section.UPDATE));
    }

    private List<String> rdata(Name name, int type) {
        RRset set = store.current().findExactMatch(name, type);
        return set == null ? List.of() : set.rrs(false).stream().map(r -> r.rdataToString()).toList();
    }

    private static InetAddress addr(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    private static Name name(String text) {
        return Name.fromConstantString(text);
    }
}
