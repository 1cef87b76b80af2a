package dev.outagelab.dnsresolver.server;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Zone;

import dev.outagelab.dnsresolver.capacity.CapacityLimiter;
import dev.outagelab.dnsresolver.forward.Forwarder;
import dev.outagelab.dnsresolver.update.UpdateHandler;
import dev.outagelab.dnsresolver.zone.Authority;
import dev.outagelab.kit.fault.FaultDecision;
import dev.outagelab.kit.fault.FaultRegistry;
import dev.outagelab.kit.fault.FaultTarget;

/**
 * One packet in, at most one packet out, whatever the transport: parse, apply the kit's faults, answer from the
 * zone, add EDNS and fit the answer to what the transport can carry. Packets that do not parse are dropped and
 * counted; answering them would mean guessing an id and would help reflection attacks.
 */
@Singleton
public class QueryProcessor {

    /** RFC 1035's limit for clients that do not speak EDNS0. */
    static final int CLASSIC_UDP_PAYLOAD = 512;
    /** Our EDNS0 payload size: DNS Flag Day 2020's value, which avoids IP fragmentation on ordinary paths. */
    static final int OUR_UDP_PAYLOAD = 1232;
    static final int TCP_MAX = 65_535;

    private static final Logger LOG = Logger.getLogger(QueryProcessor.class);

    private final Authority authority;
    private final FaultRegistry faults;
    private final SelfProbe probe;
    private final DnsMetrics metrics;
    private final CapacityLimiter capacity;
    private final UpdateHandler updates;
    private final Forwarder forwarder;
    private final AnswerCache answers;
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dns-fault-delay");
        t.setDaemon(true);
        return t;
    });

    QueryProcessor(Authority authority, FaultRegistry faults, SelfProbe probe, DnsMetrics metrics,
            CapacityLimiter capacity, UpdateHandler updates, Forwarder forwarder) {
        this.authority = authority;
        this.forwarder = forwarder;
        this.answers = new AnswerCache(authority.store());
        this.updates = updates;
        this.capacity = capacity;
        this.faults = faults;
        this.probe = probe;
        this.metrics = metrics;
    }

    /** Handles one packet; {@code send} is called at most once, possibly later and from another thread. */
    public void process(byte[] packet, Transport transport, Consumer<byte[]> send) {
        long received = System.nanoTime();
        metrics.query(transport);
        Message query;
        try {
            query = new Message(packet);
        } catch (Exception e) {
            metrics.dropped(transport, "unparseable");
            return;
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            // A response sent to a server is either a mistake or a reflection attempt: never answer it.
            metrics.dropped(transport, "response");
            return;
        }
        boolean selfProbe = probe.carriedBy(query);
        // Our own readiness query is never shed: readiness says whether we work, not whether we are busy, and
        // taking busy hosts out of service is how an overload spreads to the rest of the fleet.
        if (!selfProbe) {
            CapacityLimiter.Verdict verdict = capacity.tryAcquire();
            if (verdict != CapacityLimiter.Verdict.ADMITTED) {
                // SERVFAIL, not silence: the client fails at once and tries another server, and the lab can see
                // and count overload apart from packet loss or a hang fault.
                metrics.shed(transport, verdict.reason());
                reply(query, Authority.reply(query, Rcode.SERVFAIL), transport, send, received);
                return;
            }
        }
        // Whatever path the query takes (answered now, later, hung, or failed), its slot goes back exactly once.
        AtomicBoolean held = new AtomicBoolean(!selfProbe);
        Runnable release = () -> {
            if (held.getAndSet(false)) {
                capacity.release();
            }
        };
        try {
            handle(query, packet, selfProbe, transport, send, received, release);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    /** Faults, then the answer; the capacity slot (if any) is released once the answer is sent or abandoned. */
    private void handle(Message query, byte[] packet, boolean selfProbe, Transport transport,
            Consumer<byte[]> send, long received, Runnable release) {
        FaultDecision decision = faults.decide(selfProbe ? FaultTarget.ALL : FaultTarget.APP);
        if (decision.hang()) {
            // The client waits and retries, as it would with a wedged resolver. The slot goes back at once: a hung
            // query that held it for ever would shrink capacity for good.
            metrics.faultApplied("hang");
            release.run();
            return;
        }
        Runnable finish = () -> {
            CompletionStage<Message> response;
            try {
                if (decision.errorStatus() != 0) {
                    metrics.faultApplied("error");
                    response = CompletableFuture.completedFuture(Authority.reply(query, Rcode.SERVFAIL));
                } else if (forwarder.forwards(query)) {
                    // Answered when the cache or an upstream has answered, on whatever thread that is; the
                    // capacity slot stays held meanwhile, so slow upstreams fill the instance as they would a
                    // real resolver.
                    response = forwarder.resolve(query);
                } else {
                    Optional<Message> toChase = answerFromZone(query, packet, transport, send, received);
                    if (toChase.isEmpty()) {
                        release.run();
                        return;
                    }
                    // A CNAME of ours pointing outside the zone: finish the chain through the upstreams, so a
                    // client asking for an address gets one (the slot stays held meanwhile, as for forwarding).
                    Message authoritative = toChase.get();
                    response = forwarder.chase(query, authoritative,
                            forwarder.leavesZone(query, authoritative).orElseThrow());
                }
            } catch (RuntimeException e) {
                release.run();
                throw e;
            }
            response.whenComplete((message, error) -> {
                try {
                    if (error != null) {
                        LOG.warnf(error, "forwarding %s failed", query.getQuestion());
                    }
                    reply(query, error == null ? message : Authority.reply(query, Rcode.SERVFAIL), transport, send,
                            received);
                } finally {
                    release.run();
                }
            });
        };
        if (decision.delay().isZero()) {
            finish.run();
        } else {
            metrics.faultApplied("latency");
            delays.schedule(finish, decision.delay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The hot path, on the calling thread with no futures: an answer from our zone, from {@link AnswerCache} or
     * built, encoded, kept and sent. Returns the answer instead of sending it when its CNAME chain leaves the zone
     * and must be chased through the upstreams first.
     */
    private Optional<Message> answerFromZone(Message query, byte[] packet, Transport transport,
            Consumer<byte[]> send, long received) {
        AnswerCache.Key key = AnswerCache.key(query, limit(query, transport));
        AnswerCache.Answer cached = key == null ? null : answers.lookup(key, packet);
        if (cached != null) {
            send.accept(cached.wire());
            metrics.answered(transport, cached.rcode(), Duration.ofNanos(System.nanoTime() - received));
            return Optional.empty();
        }
        Zone zone = answers.zone();
        Message authoritative = answer(query, packet);
        if (authoritative.getHeader().getOpcode() == Opcode.QUERY
                && forwarder.leavesZone(query, authoritative).isPresent()) {
            return Optional.of(authoritative);
        }
        byte[] wire = encode(query, authoritative, transport);
        int rcode = authoritative.getHeader().getRcode();
        if (key != null && rcode != Rcode.SERVFAIL) { // SERVFAIL here is an exception, not the zone's answer
            answers.put(key, zone, wire, rcode);
        }
        send.accept(wire);
        metrics.answered(transport, rcode, Duration.ofNanos(System.nanoTime() - received));
        return Optional.empty();
    }

    private void reply(Message query, Message response, Transport transport, Consumer<byte[]> send, long received) {
        byte[] wire = encode(query, response, transport);
        send.accept(wire);
        metrics.answered(transport, response.getHeader().getRcode(), Duration.ofNanos(System.nanoTime() - received));
    }

    private Message answer(Message query, byte[] packet) {
        OPTRecord opt = query.getOPT();
        if (opt != null && opt.getVersion() != 0) {
            // RFC 6891 6.1.3: BADVERS (16) is an extended RCODE, carried in our OPT record (see encode).
            return Authority.reply(query, Rcode.NOERROR);
        }
        try {
            if (query.getHeader().getOpcode() == Opcode.UPDATE) {
                return updates.handle(query, packet);
            }
            return authority.answer(query);
        } catch (RuntimeException e) {
            LOG.warnf(e, "answering %s failed", query.getQuestion());
            return Authority.reply(query, Rcode.SERVFAIL);
        }
    }

    /** Adds our OPT when the client sent one and truncates (TC) what does not fit the transport. */
    static byte[] encode(Message query, Message response, Transport transport) {
        OPTRecord clientOpt = query.getOPT();
        if (clientOpt != null) {
            int extendedRcode = clientOpt.getVersion() != 0 ? Rcode.BADVERS >> 4 : 0;
            response.addRecord(new OPTRecord(OUR_UDP_PAYLOAD, extendedRcode, 0), Section.ADDITIONAL);
        }
        return response.toWire(limit(query, transport));
    }

    /** The largest answer the transport carries for this client: 512 without EDNS, up to 1232 with it, 64 KiB TCP. */
    static int limit(Message query, Transport transport) {
        if (transport == Transport.TCP) {
            return TCP_MAX;
        }
        OPTRecord clientOpt = query.getOPT();
        return clientOpt == null ? CLASSIC_UDP_PAYLOAD
                : Math.max(CLASSIC_UDP_PAYLOAD, Math.min(clientOpt.getPayloadSize(), OUR_UDP_PAYLOAD));
    }

    @PreDestroy
    void stop() {
        delays.shutdownNow();
    }
}
