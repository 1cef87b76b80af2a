package dev.outagelab.dnsresolver.server;

import java.util.concurrent.ConcurrentHashMap;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Zone;

import dev.outagelab.dnsresolver.zone.ZoneStore;

/**
 * Authoritative answers already encoded, by question, for the zone they were built from. Answering from the zone
 * means building a message and compressing it to wire form on every query, though the answer only changes when the
 * zone does; a hit here is a copy with the query's ID and question spelling patched in. Entries belong to one zone
 * snapshot: the first lookup after an update swaps in an empty cache, so no answer outlives the zone it came from.
 */
final class AnswerCache {

    /** Enough for every name and type of the lab's zone many times over; random names past it are not kept. */
    static final int MAX_ENTRIES = 10_000;
    private static final int HEADER = 12;

    /** What makes two answers the same bytes, apart from the ID and the question's letter case. */
    record Key(Name name, int type, int dclass, boolean recursionDesired, boolean edns, int limit) {
    }

    /** An encoded answer and its RCODE (for the metrics). */
    record Answer(byte[] wire, int rcode) {
    }

    private record Generation(Zone zone, ConcurrentHashMap<Key, Answer> answers) {
    }

    private final ZoneStore store;
    private volatile Generation generation;

    AnswerCache(ZoneStore store) {
        this.store = store;
        this.generation = new Generation(store.current(), new ConcurrentHashMap<>());
    }

    /**
     * The key a query's answer is kept under, or null when it must not be: only QUERY with one question, and EDNS
     * version 0 or none (the options a client sends never change our answer; BADVERS answers are not kept).
     */
    static Key key(Message query, int limit) {
        if (query.getHeader().getOpcode() != Opcode.QUERY || query.getHeader().getCount(Section.QUESTION) != 1) {
            return null;
        }
        OPTRecord opt = query.getOPT();
        if (opt != null && opt.getVersion() != 0) {
            return null;
        }
        Record question = query.getQuestion();
        return new Key(question.getName(), question.getType(), question.getDClass(),
                query.getHeader().getFlag(Flags.RD), opt != null, limit);
    }

    /** The zone an answer about to be built will come from (or a newer one); pass it to {@link #put}. */
    Zone zone() {
        return store.current();
    }

    /** The answer for {@code packet}, ready to send, or null if none is kept for the current zone. */
    Answer lookup(Key key, byte[] packet) {
        Generation current = generation;
        if (current.zone() != store.current()) {
            return null;
        }
        Answer answer = current.answers().get(key);
        if (answer == null) {
            return null;
        }
        int nameEnd = HEADER + key.name().length();
        byte[] wire = answer.wire();
        if (packet.length < nameEnd || wire.length < nameEnd || !sameIgnoringCase(packet, wire, HEADER, nameEnd)) {
            // The question is not spelled plainly at the start (a compression pointer, say): build it afresh.
            return null;
        }
        byte[] copy = wire.clone();
        copy[0] = packet[0]; // the ID
        copy[1] = packet[1];
        System.arraycopy(packet, HEADER, copy, HEADER, nameEnd - HEADER); // the client's spelling (RFC 1035 7.3)
        return new Answer(copy, answer.rcode());
    }

    /** Keeps {@code wire}, built from {@code builtFrom}, unless the zone has moved on since. */
    void put(Key key, Zone builtFrom, byte[] wire, int rcode) {
        Generation current = generation;
        if (current.zone() != builtFrom) {
            if (builtFrom != store.current()) {
                return; // built from a zone already replaced
            }
            current = new Generation(builtFrom, new ConcurrentHashMap<>());
            generation = current;
        }
        if (current.answers().size() < MAX_ENTRIES) {
            current.answers().put(key, new Answer(wire.clone(), rcode));
        }
    }

    private static boolean sameIgnoringCase(byte[] a, byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (lower(a[i]) != lower(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** DNS compares names ignoring ASCII case only (RFC 4343); label lengths and other bytes compare as they are. */
    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
}
