package dev.outagelab.dnsresolver.update;

import java.time.Clock;

import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

import dev.outagelab.dnsresolver.zone.Authority;

/**
 * One UPDATE message (RFC 2136) in, its reply out: the TSIG (RFC 8945) is checked first, then the zone section,
 * then {@link ZoneUpdater} does the rest. Every outcome goes to the audit. Replies to requests signed with our
 * key are signed; the signature itself is added when the reply is written.
 */
public class UpdateHandler {

    /** Key bytes for {@link #echoKey}; never used to sign, only to name the client's key back to it. */
    private static final int MAC_PLACEHOLDER = 32;

    private final TSIG key;
    private final ZoneUpdater updater;
    private final Name origin;
    private final UpdateAudit audit;
    private final Clock clock;
    private final ZoneReplicator replicator;

    /** {@code key} null means updates are switched off: UPDATE is answered NOTIMP. */
    public UpdateHandler(TSIG key, ZoneUpdater updater, Name origin, UpdateAudit audit, Clock clock) {
        this(key, updater, origin, audit, clock, null);
    }

    /** {@code replicator} null: updates stay on this instance, in memory. */
    public UpdateHandler(TSIG key, ZoneUpdater updater, Name origin, UpdateAudit audit, Clock clock,
            ZoneReplicator replicator) {
        this.replicator = replicator;
        this.key = key;
        this.updater = updater;
        this.origin = origin;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@code wire} is the request as received: TSIG signs the bytes, which cannot be rebuilt from the parse. */
    public Message handle(Message request, byte[] wire) {
        if (key == null) {
            return Authority.reply(request, Rcode.NOTIMP);
        }
        TSIGRecord tsig = request.getTSIG();
        if (tsig == null) {
            // Unsigned: we will not say more than no, and there is no key to sign the no with.
            return refuse(request, null, Rcode.REFUSED, "unsigned update");
        }
        String keyName = tsig.getName().toString();
        int tsigError = key.verify(request, wire, null);
        if (tsigError != Rcode.NOERROR) {
            Message reply = refuse(request, keyName, Rcode.NOTAUTH, "TSIG " + Rcode.TSIGstring(tsigError));
            // RFC 8945 5.3.2: the TSIG error goes back in a TSIG record; dnsjava leaves its MAC empty for BADKEY
            // and BADSIG (we cannot or must not sign) and signs BADTIME so the client can trust our clock.
            reply.setTSIG(tsigError == Rcode.BADKEY ? echoKey(tsig) : key, tsigError, tsig);
            return reply;
        }
        Message reply = answer(request, keyName);
        reply.setTSIG(key, Rcode.NOERROR, tsig);
        return reply;
    }

    private Message answer(Message request, String keyName) {
        if (request.getHeader().getCount(Section.ZONE) != 1 || request.getQuestion().getType() != Type.SOA) {
            return refuse(request, keyName, Rcode.FORMERR, "the zone section must hold one SOA question");
        }
        Name zone = request.getQuestion().getName();
        if (!zone.equals(origin)) {
            return refuse(request, keyName, Rcode.NOTAUTH, "not authoritative for " + zone);
        }
        ZoneUpdater.Outcome outcome = updater.apply(request.getSection(Section.PREREQ),
                request.getSection(Section.UPDATE));
        if (outcome.changed() && replicator != null) {
            // Journaled before the NOERROR goes out, then pushed to the peers in the background.
            replicator.changed();
        }
        audit.record(new UpdateAudit.Entry(clock.instant(), keyName, outcome.rcode(), outcome.changed(),
                outcome.summary()));
        return Authority.reply(request, outcome.rcode());
    }

    private Message refuse(Message request, String keyName, int rcode, String why) {
        audit.record(new UpdateAudit.Entry(clock.instant(), keyName, rcode, false, why));
        return Authority.reply(request, rcode);
    }

    /** A key with the client's name, so the BADKEY reply names the key it did not know; it never signs. */
    private TSIG echoKey(TSIGRecord tsig) {
        try {
            return new TSIG(tsig.getAlgorithm(), tsig.getName(), new byte[MAC_PLACEHOLDER]);
        } catch (IllegalArgumentException unknownAlgorithm) {
            return key;
        }
    }
}
