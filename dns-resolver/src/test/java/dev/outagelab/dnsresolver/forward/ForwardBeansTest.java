package dev.outagelab.dnsresolver.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code dns.forward.upstreams}: host:port entries, IPv6 in brackets; anything else names the key. */
class ForwardBeansTest {

    @Test
    void upstreamsAreHostPort() {
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 53), new InetSocketAddress("::1", 5300)),
                ForwardBeans.upstreams(List.of("127.0.0.1:53", "[::1]:5300")));
    }

    @Test
    void aBadEntryNamesTheKey() {
        for (String bad : List.of("127.0.0.1", "127.0.0.1:dns", "127.0.0.1:70000")) {
            String message = assertThrows(IllegalArgumentException.class,
                    () -> ForwardBeans.upstreams(List.of(bad))).getMessage();
            assertTrue(message.startsWith("dns.forward.upstreams: '" + bad + "'"), message);
        }
    }
}
