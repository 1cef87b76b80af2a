package dev.outagelab.statuspage;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * A real DNS server over UDP on a loopback port (dnsjava wire format): {@code origin.news.lab.internal}
 * is A 127.0.0.1 and {@code primary.db.lab.internal} a CNAME to the node the test names. It can be told
 * to answer SERVFAIL or to stay silent, like a drained or hung resolver, and can publish any other records
 * (SRV and A records of a headless Service) while it runs.
 */
public final class FakeDnsServer implements AutoCloseable {

    public enum Mode { ANSWER, SERVFAIL, SILENT }

    private final DatagramSocket socket;
    private final Thread thread;
    private volatile Mode mode = Mode.ANSWER;
    private volatile String primaryNode = "db-node-east-0";
    /** Names the test publishes (SRV, A), like a cluster DNS listing a Service's pods; lower case, no final dot. */
    private final Map<String, List<Record>> zone = new ConcurrentHashMap<>();

    public FakeDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "fake-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
    }

    public String hostPort() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public void mode(Mode next) {
        mode = next;
    }

    public void primaryNode(String node) {
        primaryNode = node;
    }

    /** Publishes {@code records} under {@code name} (replacing what was there); none makes the name vanish. */
    public void publish(String name, Record... records) {
        String key = key(name);
        if (records.length == 0) {
            zone.remove(key);
        } else {
            zone.put(key, List.of(records));
        }
    }

    private static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                if (mode == Mode.SILENT) {
                    continue;
                }
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] reply = answer(query).toWire(512);
                socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query) throws TextParseException {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        reply.addRecord(question, Section.QUESTION);
        if (mode == Mode.SERVFAIL) {
            reply.getHeader().setRcode(Rcode.SERVFAIL);
            return reply;
        }
        String name = question.getName().toString(true);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<Record> published = zone.get(key(name));
        if (published != null) {
            // NOERROR with only the asked type: no records of it is NODATA, as a real server answers.
            published.stream().filter(r -> r.getType() == question.getType())
                    .forEach(r -> reply.addRecord(r, Section.ANSWER));
        } else if (name.equals("origin.news.lab.internal")) {
            reply.addRecord(new ARecord(question.getName(), DClass.IN, 5, loopback), Section.ANSWER);
        } else if (name.equals("primary.db.lab.internal")) {
            Name target = Name.fromString(primaryNode + ".db.lab.internal.");
            reply.addRecord(new CNAMERecord(question.getName(), DClass.IN, 5, target), Section.ANSWER);
            reply.addRecord(new ARecord(target, DClass.IN, 5, loopback), Section.ANSWER);
        } else {
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        return reply;
    }

    @Override
    public void close() {
        socket.close();
    }
}
