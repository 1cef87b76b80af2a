package dev.outagelab.dnsresolver.update;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** A bad or missing key stops start-up with a message naming the setting to fix. */
class TsigKeysTest {

    private static final String SECRET = "dGVzdC1vbmx5LXRzaWctc2VjcmV0LWZvci1vdXRhZ2UtbGFi";

    @Test
    void aGoodKeyBuilds() {
        assertNotNull(TsigKeys.build("orchestrator.lab.internal.", Optional.of(SECRET), "HMAC-SHA256"));
    }

    @Test
    void aMissingSecretNamesTheKey() {
        assertStartsWith("dns.tsig.secret:", () -> TsigKeys.build("k.", Optional.empty(), "hmac-sha256"));
        assertStartsWith("dns.tsig.secret:", () -> TsigKeys.build("k.", Optional.of(" "), "hmac-sha256"));
    }

    @Test
    void aSecretThatIsNotBase64OrTooShortNamesTheKey() {
        assertStartsWith("dns.tsig.secret:", () -> TsigKeys.build("k.", Optional.of("%%%"), "hmac-sha256"));
        assertStartsWith("dns.tsig.secret:", () -> TsigKeys.build("k.", Optional.of("c2hvcnQ="), "hmac-sha256"));
    }

    @Test
    void anotherAlgorithmNamesTheKey() {
        assertStartsWith("dns.tsig.algorithm:", () -> TsigKeys.build("k.", Optional.of(SECRET), "hmac-md5"));
    }

    private static void assertStartsWith(String prefix, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
