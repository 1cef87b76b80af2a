package dev.outagelab.orchestrator.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

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
 * A DNS server on a real loopback UDP port that publishes SRV records under one name, like Kubernetes' DNS for a
 * headless Service: one record per ready pod. Tests change the set while it runs, or make it answer SERVFAIL.
 */
public final class SrvDnsServer implements AutoCloseable {

    private final Name srvName;
    private final DatagramSocket socket;
    private final Thread thread;
    private final List<Record> records = new CopyOnWriteArrayList<>();
    private final AtomicInteger queries = new AtomicInteger();
    private volatile int failWith = Rcode.NOERROR;

    public SrvDnsServer(String srvName) {
        try {
            this.srvName = Name.fromString(srvName);
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        } catch (TextParseException | SocketException e) {
            throw new IllegalStateException(e);
        }
        thread = new Thread(this::serve, "srv-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Replaces the published pods: each {@code target:port}, e.g. {@code db-node-east-0.db-node.ns.svc.:9000}. */
    public void publish(String... targets) {
        List<Record> fresh = Arrays.stream(targets).map(t -> {
            int colon = t.lastIndexOf(':');
            try {
                return (Record) new SRVRecord(srvName, DClass.IN, 5, 0, 100, Integer.parseInt(t.substring(colon + 1)),
                        Name.fromString(t.substring(0, colon)));
            } catch (TextParseException e) {
                throw new IllegalArgumentException(t, e);
            }
        }).toList();
        records.clear();
        records.addAll(fresh);
    }

    /** Answer every query with this rcode (e.g. SERVFAIL); NOERROR serves the records again. */
    public void failWith(int rcode) {
        failWith = rcode;
    }

    public int queries() {
        return queries.get();
    }

    private void serve() {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                queries.incrementAndGet();
                Message reply = new Message(query.getHeader().getID());
                reply.getHeader().setFlag(Flags.QR);
                reply.getHeader().setFlag(Flags.AA);
                Record question = query.getQuestion();
                reply.addRecord(question, Section.QUESTION);
                if (failWith != Rcode.NOERROR) {
                    reply.getHeader().setRcode(failWith);
                } else if (!question.getName().equals(srvName)) {
                    reply.getHeader().setRcode(Rcode.NXDOMAIN);
                } else if (question.getType() == Type.SRV) {
                    records.forEach(r -> reply.addRecord(r, Section.ANSWER));
                }
                byte[] out = reply.toWire(512);
                socket.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
