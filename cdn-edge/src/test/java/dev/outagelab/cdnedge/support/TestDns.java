package dev.outagelab.cdnedge.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative DNS server over UDP on loopback, built on dnsjava's wire format: answers A and SRV queries
 * for the names tests register, NXDOMAIN for others, and can be told to answer SERVFAIL to everything.
 */
public final class TestDns implements AutoCloseable {

    private record Entry(String address, long ttlSeconds) {
    }

    private final DatagramSocket socket;
    private final Thread thread;
    private final Map<String, Entry> names = new ConcurrentHashMap<>();
    private final Map<String, List<Record>> services = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();
    private volatile boolean failing;

    public TestDns() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "test-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Registers (or replaces) an A record; the name without the trailing dot. */
    public void put(String name, String address, long ttlSeconds) {
        names.put(name.toLowerCase() + ".", new Entry(address, ttlSeconds));
    }

    /**
     * Registers (or replaces) the SRV records of a name; each record is "priority weight port target", the target
     * without the trailing dot.
     */
    public void putSrv(String name, long ttlSeconds, String... records) throws TextParseException {
        Name owner = Name.fromString(name.toLowerCase() + ".");
        List<Record> list = new ArrayList<>();
        for (String record : records) {
            String[] f = record.split(" ");
            list.add(new SRVRecord(owner, DClass.IN, ttlSeconds, Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                    Integer.parseInt(f[2]), Name.fromString(f[3] + ".")));
        }
        services.put(owner.toString(), List.copyOf(list));
    }

    public void failing(boolean servfail) {
        this.failing = servfail;
    }

    public int queries(String name) {
        AtomicInteger n = queries.get(name.toLowerCase() + ".");
        return n == null ? 0 : n.get();
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Message reply = answer(query);
                byte[] wire = reply.toWire();
                socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query) throws IOException {
        Record question = query.getQuestion();
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(question, Section.QUESTION);
        String name = question.getName().toString().toLowerCase();
        queries.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        Entry entry = names.get(name);
        List<Record> srv = services.get(name);
        if (failing) {
            reply.getHeader().setRcode(Rcode.SERVFAIL);
        } else if (question.getType() == Type.SRV && srv != null) {
            srv.forEach(r -> reply.addRecord(r, Section.ANSWER));
        } else if (entry == null && srv == null) {
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
        } else if (entry != null && question.getType() == Type.A) {
            reply.addRecord(new ARecord(Name.fromString(name), DClass.IN, entry.ttlSeconds(),
                    InetAddress.getByName(entry.address())), Section.ANSWER);
        }
        return reply;
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2_000);
    }
}
