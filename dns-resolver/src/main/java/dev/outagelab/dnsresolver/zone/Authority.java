package dev.outagelab.dnsresolver.zone;

import java.util.HashSet;
import java.util.Set;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * Answers one parsed query from the zone, authoritatively. It decides the RCODE and the sections; transport
 * concerns (EDNS, truncation, faults) belong to the server.
 */
public class Authority {

    /** Longest CNAME chain we follow inside the zone; a longer one is almost surely a loop in the config. */
    static final int MAX_CNAME_CHAIN = 8;

    private final ZoneStore store;

    public Authority(Zone zone) {
        this(new ZoneStore(zone));
    }

    public Authority(ZoneStore store) {
        this.store = store;
    }

    /** The served zone, for those that keep things derived from it (and must notice when it is replaced). */
    public ZoneStore store() {
        return store;
    }

    public Name origin() {
        return store.current().getOrigin();
    }

    /** Number of records served, the synthesised SOA and NS included. */
    public int recordCount() {
        int count = 0;
        for (RRset set : store.current()) {
            count += set.size();
        }
        return count;
    }

    public Message answer(Message query) {
        Header header = query.getHeader();
        if (header.getOpcode() != Opcode.QUERY) {
            // UPDATE (RFC 2136) is handled before it gets here, when enabled; other opcodes are not implemented.
            return reply(query, Rcode.NOTIMP);
        }
        if (header.getCount(Section.QUESTION) != 1) {
            return reply(query, Rcode.FORMERR);
        }
        Record question = query.getQuestion();
        if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) {
            return reply(query, Rcode.REFUSED);
        }
        // One snapshot for the whole answer: an update swapping the zone mid-answer cannot mix two versions.
        Zone zone = store.current();
        if (!question.getName().subdomain(zone.getOrigin())) {
            // Not ours, and not forwarded (no upstreams, or not a plain IN question): refusing tells the client to
            // ask elsewhere.
            return reply(query, Rcode.REFUSED);
        }
        int type = question.getType();
        if (type == Type.AXFR || type == Type.IXFR) {
            // The fleet will not rely on zone transfers; refusing them also keeps the whole zone private.
            return reply(query, Rcode.REFUSED);
        }
        Message response = reply(query, Rcode.NOERROR);
        response.getHeader().setFlag(Flags.AA);
        resolve(zone, response, question.getName(), type);
        return response;
    }

    private static void resolve(Zone zone, Message response, Name name, int type) {
        Set<Name> seen = new HashSet<>();
        Name current = name;
        for (int hop = 0; hop <= MAX_CNAME_CHAIN; hop++) {
            if (!seen.add(current) || !current.subdomain(zone.getOrigin())) {
                // A loop, or a CNAME that leaves the zone: the client follows the chain from what we gave it.
                return;
            }
            SetResponse found = zone.findRecords(current, type);
            if (found.isSuccessful()) {
                found.answers().forEach(set -> addRRset(response, set, Section.ANSWER));
                return;
            }
            if (found.isCNAME()) {
                CNAMERecord cname = found.getCNAME();
                response.addRecord(cname, Section.ANSWER);
                current = cname.getTarget();
                continue;
            }
            if (found.isNXDOMAIN()) {
                // RFC 6604: with a chain, the RCODE describes the last name in it.
                response.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            // NXDOMAIN and NODATA both carry the SOA, whose minimum is the negative-caching TTL (RFC 2308).
            response.addRecord(zone.getSOA(), Section.AUTHORITY);
            return;
        }
    }

    private static void addRRset(Message response, RRset set, int section) {
        set.rrs(false).forEach(r -> response.addRecord(r, section));
    }

    /** A response echoing the query's id, opcode, RD flag and question, with the given RCODE. */
    public static Message reply(Message query, int rcode) {
        Header queryHeader = query.getHeader();
        Message response = new Message(queryHeader.getID());
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(queryHeader.getOpcode());
        if (queryHeader.getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        header.setRcode(rcode);
        if (queryHeader.getCount(Section.QUESTION) == 1) {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return response;
    }
}
