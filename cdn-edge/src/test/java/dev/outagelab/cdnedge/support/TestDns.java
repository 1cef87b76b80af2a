package dev.outagelab.cdnedge.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
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
import org.xbill.DNS.Section;

/**
 * A tiny authoritative DNS server over UDP on loopback, built on dnsjava's wire format: answers A queries for the
 * names tests register, NXDOMAIN for others, and can be told to answer SERVFAIL to everything.
 */
public final class TestDns implements AutoCloseable {

    private record Entry(String address, long ttlSeconds) {
    }

    private final DatagramSocket socket;
    private final Thread thread;
    private final Map<String, Entry> names = new ConcurrentHashMap<>();
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
        if (failing) {
            reply.getHeader().setRcode(Rcode.SERVFAIL);
        } else if (entry == null) {
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
        } else {
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
