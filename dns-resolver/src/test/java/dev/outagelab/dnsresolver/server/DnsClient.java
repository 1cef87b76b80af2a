package dev.outagelab.dnsresolver.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

import org.eclipse.microprofile.config.ConfigProvider;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/** A real dnsjava client pointed at the instance under test, plus raw UDP for packets no client would send. */
final class DnsClient {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private DnsClient() {
    }

    static InetSocketAddress server() {
        int port = ConfigProvider.getConfig().getValue("dns.port", Integer.class);
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    static SimpleResolver udp() {
        SimpleResolver resolver = new SimpleResolver(server());
        resolver.setTimeout(TIMEOUT);
        return resolver;
    }

    static SimpleResolver tcp() {
        SimpleResolver resolver = udp();
        resolver.setTCP(true);
        return resolver;
    }

    static Message query(SimpleResolver resolver, String name, int type) throws IOException {
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    /** Sends one raw datagram and waits for a reply; null when none came within {@code wait}. */
    static byte[] rawUdp(byte[] packet, Duration wait) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) wait.toMillis());
            socket.send(new DatagramPacket(packet, packet.length, server()));
            byte[] buffer = new byte[65_535];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(reply);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return Arrays.copyOf(reply.getData(), reply.getLength());
        }
    }
}
