package dev.outagelab.dnsresolver.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.outagelab.dnsresolver.config.DnsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Opens the UDP and TCP listeners when Quarkus starts and closes them when it stops. */
@Singleton
public class DnsServer {

    private static final Logger LOG = Logger.getLogger(DnsServer.class);

    private final DnsConfig config;
    private final QueryProcessor processor;
    private final DnsMetrics metrics;
    private volatile UdpListener udp;
    private volatile TcpListener tcp;

    DnsServer(DnsConfig config, QueryProcessor processor, DnsMetrics metrics) {
        this.config = config;
        this.processor = processor;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        InetSocketAddress address = address();
        try {
            udp = new UdpListener(address, processor, udpThreads(), receiveBuffer());
            tcp = new TcpListener(address, processor, metrics, config.tcp().idleTimeout(),
                    config.tcp().maxConnections());
        } catch (IOException e) {
            onStop(null); // release the UDP socket if only TCP failed, so a retry can bind
            throw new UncheckedIOException("cannot bind DNS on " + address + " (dns.bind-address, dns.port): "
                    + e.getMessage(), e);
        }
        udp.start();
        tcp.start();
        LOG.infof("DNS listening on %s (UDP and TCP)", address);
    }

    void onStop(@Observes ShutdownEvent event) {
        try {
            if (udp != null) {
                udp.close();
            }
            if (tcp != null) {
                tcp.close();
            }
        } catch (IOException | InterruptedException e) {
            LOG.warnf("stopping DNS listeners: %s", e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean udpBound() {
        return udp != null && udp.bound();
    }

    public boolean tcpBound() {
        return tcp != null && tcp.bound();
    }

    public int port() {
        return config.port();
    }

    /** Where a local client reaches us: the bind address, or loopback when we listen on every interface. */
    public InetSocketAddress localAddress() {
        InetSocketAddress bound = address();
        InetAddress host = bound.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress()
                : bound.getAddress();
        return new InetSocketAddress(host, config.port());
    }

    /** {@code dns.udp.threads}, or one per available processor (at least two) when it is 0. */
    int udpThreads() {
        int configured = config.udp().threads();
        if (configured < 0) {
            throw new IllegalArgumentException("dns.udp.threads: " + configured + " must be 0 (one per core) or more");
        }
        return configured > 0 ? configured : Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    private int receiveBuffer() {
        int bytes = config.udp().receiveBuffer();
        if (bytes < 0) {
            throw new IllegalArgumentException("dns.udp.receive-buffer: " + bytes + " must be 0 (the system's) or more");
        }
        return bytes;
    }

    private InetSocketAddress address() {
        return new InetSocketAddress(config.bindAddress(), config.port());
    }
}
