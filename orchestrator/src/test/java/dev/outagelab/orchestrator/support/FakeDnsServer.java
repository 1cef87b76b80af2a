package dev.outagelab.orchestrator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/**
 * A DNS server on a real loopback UDP port that takes RFC 2136 updates only when their TSIG verifies with the
 * shared key (NOTAUTH otherwise, as RFC 8945 asks), and remembers the records of each accepted update.
 */
public final class FakeDnsServer implements AutoCloseable {

    private final TSIG key;
    private final DatagramSocket socket;
    private final Thread thread;
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    public FakeDnsServer(TSIG key) {
        this.key = key;
        try {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::serve, "fake-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** The update records of every accepted update, e.g. {@code primary.db.lab.internal. 5 IN CNAME ...}. */
    public List<String> accepted() {
        return List.copyOf(accepted);
    }

    public List<String> refused() {
        return List.copyOf(refused);
    }

    private void serve() {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] wire = Arrays.copyOf(packet.getData(), packet.getLength());
                Message query = new Message(wire);
                Message reply = new Message(query.getHeader().getID());
                reply.getHeader().setFlag(Flags.QR);
                reply.getHeader().setOpcode(Opcode.UPDATE);
                int verified = query.getTSIG() == null ? Rcode.BADSIG : key.verify(query, wire, null);
                if (query.getHeader().getOpcode() == Opcode.UPDATE && verified == Rcode.NOERROR) {
                    for (Record r : query.getSection(Section.UPDATE)) {
                        accepted.add(r.toString());
                    }
                    reply.getHeader().setRcode(Rcode.NOERROR);
                    reply.setTSIG(key, Rcode.NOERROR, query.getTSIG());
                } else {
                    refused.add(Rcode.TSIGstring(verified));
                    reply.getHeader().setRcode(Rcode.NOTAUTH);
                }
                byte[] out = reply.toWire(65535);
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
