package dev.outagelab.dnsresolver.update;

import java.util.Base64;
import java.util.Optional;

import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/** Turns the dns.tsig.* settings into dnsjava's key, failing start-up with the offending key's name. */
public final class TsigKeys {

    /** HMAC-SHA256's output size; a shorter secret weakens the MAC (RFC 8945 6). */
    static final int MIN_SECRET_BYTES = 16;

    private TsigKeys() {
    }

    public static TSIG build(String keyName, Optional<String> secret, String algorithm) {
        if (!"hmac-sha256".equalsIgnoreCase(algorithm.trim())) {
            throw new IllegalArgumentException("dns.tsig.algorithm: '" + algorithm + "' is not supported; use hmac-sha256");
        }
        Name name;
        try {
            name = Name.fromString(keyName.trim(), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("dns.tsig.key-name: '" + keyName + "' is not a valid name", e);
        }
        String text = secret.map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(() ->
                new IllegalArgumentException("dns.tsig.secret: is required while dns.updates.enabled=true "
                        + "(set DNS_TSIG_SECRET to the base64 secret the orchestrator shares)"));
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dns.tsig.secret: is not base64", e);
        }
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("dns.tsig.secret: " + bytes.length + " bytes is too short; use at least "
                    + MIN_SECRET_BYTES + " (e.g. `openssl rand -base64 32`)");
        }
        return new TSIG(TSIG.HMAC_SHA256, name, bytes);
    }
}
