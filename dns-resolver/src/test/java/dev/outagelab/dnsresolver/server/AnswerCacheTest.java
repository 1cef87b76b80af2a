package dev.outagelab.dnsresolver.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

import dev.outagelab.dnsresolver.zone.Authority;
import dev.outagelab.dnsresolver.zone.RecordSpec;
import dev.outagelab.dnsresolver.zone.ZoneFactory;
import dev.outagelab.dnsresolver.zone.ZoneSettings;
import dev.outagelab.dnsresolver.zone.ZoneStore;

/** Encoded answers reused with the asker's ID and spelling, and never past the zone they were built from. */
class AnswerCacheTest {

    private static Zone zone(String address) {
        return ZoneFactory.build(new ZoneSettings("lab.internal.", Duration.ofSeconds(30), "ns1", "hostmaster",
                List.of(new RecordSpec("origin.news", "A", address, Optional.empty())), "dns.zone"));
    }

    private final ZoneStore store = new ZoneStore(zone("127.0.0.1"));
    private final Authority authority = new Authority(store);
    private final AnswerCache cache = new AnswerCache(store);

    private static Message query(String name) {
        return Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
    }

    /** Answers {@code query} from the zone and keeps it, as the query path does. */
    private byte[] answerAndKeep(Message query) {
        Zone builtFrom = cache.zone();
        byte[] wire = QueryProcessor.encode(query, authority.answer(query), Transport.UDP);
        cache.put(AnswerCache.key(query, 512), builtFrom, wire, 0);
        return wire;
    }

    @Test
    void aHitCarriesTheAskersIdAndSpelling() throws Exception {
        answerAndKeep(query("origin.news.lab.internal."));
        Message other = query("ORIGIN.News.lab.internal.");
        AnswerCache.Answer hit = cache.lookup(AnswerCache.key(other, 512), other.toWire());
        assertNotNull(hit, "same question, other case and ID: the same answer");
        Message reply = new Message(hit.wire());
        assertEquals(other.getHeader().getID(), reply.getHeader().getID());
        assertEquals("ORIGIN.News.lab.internal.", reply.getQuestion().getName().toString());
        assertEquals("127.0.0.1", reply.getSection(1).get(0).rdataToString());
        assertNull(cache.lookup(AnswerCache.key(other, 1232), other.toWire()), "another size limit is another key");
    }

    @Test
    void anUpdatedZoneInvalidatesEveryAnswer() throws Exception {
        Message q = query("origin.news.lab.internal.");
        answerAndKeep(q);
        store.replace(zone("127.0.0.9"));
        assertNull(cache.lookup(AnswerCache.key(q, 512), q.toWire()), "built from the old zone");
        byte[] fresh = answerAndKeep(q);
        assertArrayEquals(fresh, cache.lookup(AnswerCache.key(q, 512), q.toWire()).wire());
        assertEquals("127.0.0.9", new Message(fresh).getSection(1).get(0).rdataToString());
    }

    @Test
    void anAnswerBuiltFromAReplacedZoneIsNotKept() {
        Message q = query("origin.news.lab.internal.");
        Zone old = cache.zone();
        byte[] wire = QueryProcessor.encode(q, authority.answer(q), Transport.UDP);
        store.replace(zone("127.0.0.9"));
        cache.put(AnswerCache.key(q, 512), old, wire, 0);
        assertNull(cache.lookup(AnswerCache.key(q, 512), q.toWire()));
    }

    @Test
    void onlyPlainQueriesHaveAKey() {
        Message update = query("origin.news.lab.internal.");
        update.getHeader().setOpcode(Opcode.UPDATE);
        assertNull(AnswerCache.key(update, 512));
        assertNull(AnswerCache.key(new Message(), 512), "no question");
    }
}
