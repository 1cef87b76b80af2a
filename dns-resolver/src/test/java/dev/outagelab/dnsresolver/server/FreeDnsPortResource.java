package dev.outagelab.dnsresolver.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives each test run a DNS port free on loopback for both UDP and TCP, so tests never collide with a running
 * lab (15353...) or with each other.
 */
public class FreeDnsPortResource implements QuarkusTestResourceLifecycleManager {

    private static final int ATTEMPTS = 20;

    @Override
    public Map<String, String> start() {
        return Map.of("dns.port", Integer.toString(freePort()));
    }

    @Override
    public void stop() {
        // nothing to release: the port was only probed
    }

    static int freePort() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        IOException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
                    return port;
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("no port free for both TCP and UDP on loopback", last);
    }
}
