package dev.outagelab.dnsresolver.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Makes the fuzzer's packets from a seeded {@link Random}: pure noise, or valid queries broken the ways real
 * malformed traffic is (flipped bits, cut or padded packets, bad label lengths, compression loops, lying section
 * counts, odd opcodes and flags, bogus OPT records). Every packet of two bytes or more gets the caller's ID, so
 * a reply can be matched to what provoked it.
 */
final class FuzzPackets {

    private static final int HEADER = 12;
    private static final int MUTATIONS = 9;

    private final Random random;
    private final List<byte[]> valid;

    FuzzPackets(Random random) {
        this.random = random;
        this.valid = List.of(
                query("origin.news.lab.internal.", Type.A, false),
                query("ns1.lab.internal.", Type.AAAA, true),
                query("big.lab.internal.", Type.TXT, true),
                query("big.lab.internal.", Type.TXT, false),
                query("primary.db.lab.internal.", Type.A, false),
                query("nobody.lab.internal.", Type.A, true),
                query("lab.internal.", Type.SOA, false),
                query("example.com.", Type.A, false),
                query("_http._tcp.origin.news.lab.internal.", Type.SRV, true));
    }

    /** One fuzz packet: a fifth pure noise, the rest mutated valid queries; stamped with {@code id}. */
    byte[] next(int id) {
        byte[] packet = random.nextInt(5) == 0 ? noise(random.nextInt(600)) : mutated();
        if (packet.length >= 2) {
            packet[0] = (byte) (id >> 8);
            packet[1] = (byte) id;
        }
        return packet;
    }

    /** A valid query, unmutated, with the given ID. */
    byte[] valid(int id) {
        byte[] packet = pick().clone();
        packet[0] = (byte) (id >> 8);
        packet[1] = (byte) id;
        return packet;
    }

    byte[] noise(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] mutated() {
        byte[] packet = pick().clone();
        int rounds = 1 + random.nextInt(3);
        for (int i = 0; i < rounds; i++) {
            packet = mutate(packet);
        }
        return packet;
    }

    private byte[] mutate(byte[] p) {
        switch (random.nextInt(MUTATIONS)) {
            case 0:
                return flipBits(p);
            case 1:
                return Arrays.copyOf(p, random.nextInt(p.length + 1));
            case 2:
                return concat(p, noise(1 + random.nextInt(64)));
            case 3:
                return corruptLabelLength(p);
            case 4:
                return compressionLoop(p);
            case 5:
                return hugeCount(p);
            case 6:
                return opcodeAndFlags(p);
            case 7:
                return bogusOpt(p);
            default:
                return danglingPointer(p);
        }
    }

    private byte[] flipBits(byte[] p) {
        if (p.length == 0) {
            return p;
        }
        byte[] out = p.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int bit = random.nextInt(out.length * 8);
            out[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return out;
    }

    /** Rewrites one label's length byte, often into the reserved (0x40-0xBF) or pointer (0xC0+) ranges. */
    private byte[] corruptLabelLength(byte[] p) {
        List<Integer> labels = labelOffsets(p);
        if (labels.isEmpty()) {
            return flipBits(p);
        }
        byte[] out = p.clone();
        int at = labels.get(random.nextInt(labels.size()));
        int[] choices = {64 + random.nextInt(128), 192 + random.nextInt(64), 63, random.nextInt(256),
            (out[at] & 0xFF) + 1 + random.nextInt(20)};
        out[at] = (byte) choices[random.nextInt(choices.length)];
        return out;
    }

    /** Replaces the question name with a pointer to itself, or a label followed by a pointer back to it. */
    private byte[] compressionLoop(byte[] p) {
        if (p.length < HEADER) {
            return p;
        }
        byte[] loop = random.nextBoolean() ? new byte[] {(byte) 0xC0, HEADER}
            : new byte[] {1, 'a', (byte) 0xC0, HEADER};
        int nameEnd = nameEnd(p, HEADER);
        byte[] rest = nameEnd < 0 ? noise(4) : Arrays.copyOfRange(p, nameEnd, p.length);
        return concat(concat(Arrays.copyOf(p, HEADER), loop), rest);
    }

    /** A pointer to an offset past the end of the packet, in place of the question name. */
    private byte[] danglingPointer(byte[] p) {
        if (p.length < HEADER + 2) {
            return p;
        }
        byte[] out = p.clone();
        int target = p.length + random.nextInt(0x3FFF - p.length);
        out[HEADER] = (byte) (0xC0 | (target >> 8));
        out[HEADER + 1] = (byte) target;
        return out;
    }

    private byte[] hugeCount(byte[] p) {
        if (p.length < HEADER) {
            return p;
        }
        byte[] out = p.clone();
        int field = 4 + 2 * random.nextInt(4);
        int value = random.nextBoolean() ? 0xFFFF : random.nextInt(0x10000);
        out[field] = (byte) (value >> 8);
        out[field + 1] = (byte) value;
        return out;
    }

    private byte[] opcodeAndFlags(byte[] p) {
        if (p.length < 4) {
            return p;
        }
        byte[] out = p.clone();
        out[2] = (byte) random.nextInt(256);
        out[3] = (byte) random.nextInt(256);
        return out;
    }

    /** Appends an OPT record with random payload size, version, flags and option bytes whose lengths may lie. */
    private byte[] bogusOpt(byte[] p) {
        if (p.length < HEADER) {
            return p;
        }
        byte[] rdata = noise(random.nextInt(40));
        int rdlength = random.nextInt(4) == 0 ? random.nextInt(0x10000) : rdata.length;
        byte[] opt = new byte[11];
        opt[0] = 0; // root name
        opt[1] = 0;
        opt[2] = (byte) Type.OPT;
        int payload = random.nextInt(0x10000);
        opt[3] = (byte) (payload >> 8);
        opt[4] = (byte) payload;
        for (int i = 5; i < 9; i++) {
            opt[i] = (byte) random.nextInt(256); // extended RCODE, version, DO and the other flags
        }
        opt[9] = (byte) (rdlength >> 8);
        opt[10] = (byte) rdlength;
        byte[] out = concat(concat(p, opt), rdata);
        int arcount = (((out[10] & 0xFF) << 8) | (out[11] & 0xFF)) + 1;
        out[10] = (byte) (arcount >> 8);
        out[11] = (byte) arcount;
        return out;
    }

    private byte[] pick() {
        return valid.get(random.nextInt(valid.size()));
    }

    /** Offsets of the question name's length bytes, walking only while the name is well formed. */
    private static List<Integer> labelOffsets(byte[] p) {
        List<Integer> offsets = new ArrayList<>();
        int at = HEADER;
        while (at < p.length && (p[at] & 0xFF) != 0 && (p[at] & 0xC0) == 0) {
            offsets.add(at);
            at += 1 + (p[at] & 0xFF);
        }
        return offsets;
    }

    private static int nameEnd(byte[] p, int start) {
        int at = start;
        while (at < p.length) {
            int length = p[at] & 0xFF;
            if (length == 0) {
                return at + 1;
            }
            if ((length & 0xC0) != 0) {
                return at + 2 <= p.length ? at + 2 : -1;
            }
            at += 1 + length;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] query(String name, int type, boolean edns) {
        try {
            Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
            query.getHeader().setFlag(Flags.RD);
            if (edns) {
                query.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
            }
            return query.toWire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
