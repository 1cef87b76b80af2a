package dev.outagelab.dnsresolver.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code dns.fleet.peers}: what start-up accepts, and the messages that name the key when it does not. */
class FleetPeersTest {

    private static String refusal(List<String> entries) {
        return assertThrows(IllegalArgumentException.class, () -> FleetBeans.parsePeers(entries, "dns-resolver-0"))
                .getMessage();
    }

    @Test
    void theListKeepsItsOrderAndMustNameThisInstance() {
        Map<String, URI> members = FleetBeans.parsePeers(List.of("dns-resolver-0=http://127.0.0.1:9005",
                "dns-resolver-1=http://127.0.0.1:9006"), "dns-resolver-0");
        assertEquals(List.of("dns-resolver-0", "dns-resolver-1"), List.copyOf(members.keySet()));
        assertEquals(URI.create("http://127.0.0.1:9006"), members.get("dns-resolver-1"));
        assertEquals(List.of("dns-resolver-0"), List.copyOf(FleetBeans.parsePeers(List.of(), "dns-resolver-0")
                .keySet()), "no peers: a fleet of one");
    }

    @Test
    void badListsNameTheKey() {
        assertTrue(refusal(List.of("dns-resolver-1=http://127.0.0.1:9006")).startsWith("dns.fleet.peers: does not "
                + "name this instance"));
        assertTrue(refusal(List.of("http://127.0.0.1:9006")).startsWith("dns.fleet.peers: "));
        assertTrue(refusal(List.of("dns-resolver-0=127.0.0.1:9006")).startsWith(
                "dns.fleet.peers: 'dns-resolver-0=127.0.0.1:9006'"));
        assertTrue(refusal(List.of("dns-resolver-0=localhost:9006")).contains("absolute http URL"));
        assertTrue(refusal(List.of("dns-resolver-0=http://a:1", "dns-resolver-0=http://b:2")).contains("twice"));
    }
}
