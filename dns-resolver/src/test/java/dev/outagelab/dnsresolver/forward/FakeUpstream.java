package dev.outagelab.dnsresolver.forward;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * A second DNS server on loopback UDP, standing in for an upstream resolver: it answers what the test put in it,
 * NXDOMAIN with an SOA (TTL 60, minimum {@link #NEGATIVE_TTL}) for anything else under {@code upstream.test.},
 * and counts the questions it gets. {@link #delay} makes it slow (each reply sent that much later, without holding
 * up the next question); {@link #close()} makes it die, as an upstream outage.
 */
public final class FakeUpstream implements AutoCloseable {

    public static final Name ZONE = Name.fromConstantString("upstream.test.");
    public static final long NEGATIVE_TTL = 5;

    private final DatagramSocket socket;
    private final Map<String, List<Record>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger questions = new AtomicInteger();
    private final Thread loop;
    private volatile boolean soaInNegatives = true;
    private volatile Duration delay = Duration.ZERO;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-upstream-delay");
        t.setDaemon(true);
        return t;
    });

    public FakeUpstream() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        loop = new Thread(this::serve, "fake-upstream");
        loop.setDaemon(true);
        loop.start();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    public void answer(Record... records) {
        answers.put(key(records[0].getName(), records[0].getType()), List.of(records));
    }

    /** RFC 2308 section 5: without an SOA a negative answer must not be cached. */
    public void leaveSoaOutOfNegatives() {
        soaInNegatives = false;
    }

    /** Every later reply is sent this long after its question arrived. */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    public int questions() {
        return questions.get();
    }

    private static String key(Name name, int type) {
        return name.toString().toLowerCase() + "/" + type;
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                questions.incrementAndGet();
                Record q = query.getQuestion();
                Message reply = new Message(query.getHeader().getID());
                reply.getHeader().setFlag(Flags.QR);
                reply.getHeader().setFlag(Flags.RA);
                reply.addRecord(q, Section.QUESTION);
                List<Record> records = answers.get(key(q.getName(), q.getType()));
                if (records != null) {
                    records.forEach(r -> reply.addRecord(r, Section.ANSWER));
                } else {
                    reply.getHeader().setRcode(Rcode.NXDOMAIN);
                    if (soaInNegatives) {
                        reply.addRecord(new SOARecord(ZONE, DClass.IN, 60, Name.fromConstantString("ns.upstream.test."),
                                Name.fromConstantString("admin.upstream.test."), 1, 60, 60, 60, NEGATIVE_TTL),
                                Section.AUTHORITY);
                    }
                }
                byte[] wire = reply.toWire(512);
                SocketAddress client = packet.getSocketAddress();
                Duration wait = delay;
                if (wait.isZero()) {
                    send(wire, client);
                } else {
                    later.schedule(() -> send(wire, client), wait.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private void send(byte[] wire, SocketAddress client) {
        try {
            socket.send(new DatagramPacket(wire, wire.length, client));
        } catch (IOException e) {
            // closed meanwhile: an upstream that died before answering
        }
    }

    @Override
    public void close() throws InterruptedException {
        later.shutdownNow();
        socket.close();
        loop.join(5_000);
    }
}
