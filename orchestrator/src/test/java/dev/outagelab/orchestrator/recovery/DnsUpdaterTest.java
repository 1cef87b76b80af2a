package dev.outagelab.orchestrator.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

import dev.outagelab.orchestrator.support.FakeDnsServer;

class DnsUpdaterTest {

    private static final String SECRET = "dGVzdC1vbmx5LXRzaWctc2VjcmV0LWZvci1vdXRhZ2UtbGFi";
    private static final String OTHER = "b3RoZXItc2VjcmV0LXRoYXQtdGhlLXJlc29sdmVyLWxhY2tz";

    @Test
    void anUpdateSignedWithTheWrongKeyIsRefusedAndReportedNotOk() throws Exception {
        try (FakeDnsServer dns = new FakeDnsServer(DnsUpdater.key("orchestrator.lab.internal.", SECRET))) {
            List<DnsUpdater.Result> results = updater(dns, OTHER).pointPrimaryAt("db-node-west-0.db.lab.internal.");
            assertEquals(1, results.size());
            assertFalse(results.get(0).ok(), results.toString());
            assertEquals(List.of(), dns.accepted());

            assertTrue(updater(dns, SECRET).pointPrimaryAt("db-node-west-0.db.lab.internal.").get(0).ok());
            assertTrue(dns.accepted().contains("primary.db.lab.internal.\t5\tIN\tCNAME\tdb-node-west-0.db.lab.internal."),
                    dns.accepted().toString());
        }
    }

    @Test
    void aResolverThatDoesNotAnswerIsReportedWithinTheTimeout() {
        DnsUpdater updater = new DnsUpdater(List.of(DnsUpdater.server("127.0.0.1:9")), Name.root,
                name("primary.db.lab.internal."), Duration.ofSeconds(5),
                DnsUpdater.key("orchestrator.lab.internal.", SECRET), Duration.ofMillis(500));
        DnsUpdater.Result result = updater.pointPrimaryAt("x.db.lab.internal.").get(0);
        assertFalse(result.ok());
    }

    @Test
    void badKeysFailWithTheSettingsName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DnsUpdater.key("k.", ""))
                .getMessage().startsWith("orchestrator.dns.tsig-secret: is required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DnsUpdater.key("k.", "c2hvcnQ="))
                .getMessage().contains("too short"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DnsUpdater.server("nohost"))
                .getMessage().startsWith("orchestrator.dns.servers: 'nohost'"));
    }

    private static DnsUpdater updater(FakeDnsServer dns, String secret) {
        return new DnsUpdater(List.of(DnsUpdater.server(dns.address())), name("lab.internal."),
                name("primary.db.lab.internal."), Duration.ofSeconds(5),
                DnsUpdater.key("orchestrator.lab.internal.", secret), Duration.ofSeconds(2));
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
