package dev.outagelab.dnsresolver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import dev.outagelab.dnsresolver.capacity.CapacityLimiter;
import dev.outagelab.dnsresolver.forward.ForwardCache;
import dev.outagelab.dnsresolver.forward.Forwarder;
import dev.outagelab.dnsresolver.update.UpdateAudit;
import dev.outagelab.dnsresolver.update.UpdateHandler;
import dev.outagelab.dnsresolver.zone.Authority;
import dev.outagelab.dnsresolver.zone.RecordSpec;
import dev.outagelab.dnsresolver.zone.ZoneFactory;
import dev.outagelab.dnsresolver.zone.ZoneSettings;
import dev.outagelab.kit.fault.FaultRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The TCP listener's own limits, with settings the application's defaults would make slow to test. */
class TcpListenerTest {

    private static final Duration IDLE = Duration.ofMillis(300);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TcpListener listener;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws IOException {
        Authority authority = new Authority(ZoneFactory.build(new ZoneSettings("lab.internal.",
                Duration.ofSeconds(30), "ns1", "hostmaster",
                List.of(new RecordSpec("ns1", "A", "127.0.0.1", Optional.empty())), "dns.zone")));
        DnsMetrics metrics = new DnsMetrics(meters);
        QueryProcessor processor = new QueryProcessor(authority, new FaultRegistry(Clock.systemUTC(), () -> 1.0),
                new SelfProbe(), metrics, new CapacityLimiter(0, 0, System::nanoTime),
                new UpdateHandler(null, null, authority.origin(), new UpdateAudit(1), Clock.systemUTC()),
                new Forwarder(List.of(), new ForwardCache(1, Duration.ZERO, System::nanoTime), authority.origin(),
                        new Forwarder.Settings(Duration.ofSeconds(1), Duration.ofDays(1), Duration.ofHours(3), false,
                                Duration.ofSeconds(30), Duration.ofMillis(1800)), metrics));
        int port = FreeDnsPortResource.freePort();
        address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        listener = new TcpListener(address, processor, metrics, IDLE, 1);
        listener.start();
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
    }

    @Test
    void aConnectionBeyondTheLimitIsClosedAtOnceAndCounted() throws Exception {
        try (Socket first = connect()) {
            assertEquals(Rcode.NOERROR, ask(first).getRcode());
            try (Socket second = connect()) {
                assertEquals(-1, second.getInputStream().read(), "the second connection is closed unanswered");
            }
            assertEquals(1.0, meters.counter("dns.drops", "transport", "tcp", "reason", "max-connections").count());
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheTimeout() throws Exception {
        try (Socket socket = connect()) {
            assertEquals(Rcode.NOERROR, ask(socket).getRcode());
            long start = System.nanoTime();
            // our own read timeout is far above IDLE: a -1 here means the server hung up
            assertEquals(-1, socket.getInputStream().read());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(4)) < 0);
        }
        try (Socket next = connect()) {
            assertEquals(Rcode.NOERROR, ask(next).getRcode(), "the idle connection's slot was given back");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(5000);
        return socket;
    }

    private static Message ask(Socket socket) throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("ns1.lab.internal."), Type.A, DClass.IN));
        byte[] wire = query.toWire();
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeShort(wire.length);
        out.write(wire);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] reply = new byte[in.readUnsignedShort()];
        in.readFully(reply);
        return new Message(reply);
    }
}
