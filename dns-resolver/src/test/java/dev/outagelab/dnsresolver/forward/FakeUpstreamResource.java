package dev.outagelab.dnsresolver.forward;

import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Map;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** An upstream for the shared test instance: {@code www.upstream.test.} A 192.0.2.7 (TTL 60), NXDOMAIN otherwise. */
public class FakeUpstreamResource implements QuarkusTestResourceLifecycleManager {

    public static final Name WWW = Name.fromConstantString("www.upstream.test.");

    private FakeUpstream upstream;

    @Override
    public Map<String, String> start() {
        try {
            upstream = new FakeUpstream();
            upstream.answer(new ARecord(WWW, DClass.IN, 60, InetAddress.getByName("192.0.2.7")));
        } catch (SocketException | UnknownHostException e) {
            throw new IllegalStateException("cannot start the fake upstream", e);
        }
        return Map.of("dns.forward.upstreams", "127.0.0.1:" + upstream.address().getPort());
    }

    @Override
    public void stop() {
        try {
            upstream.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
