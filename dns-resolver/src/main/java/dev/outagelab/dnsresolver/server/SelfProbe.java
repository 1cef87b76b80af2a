package dev.outagelab.dnsresolver.server;

import java.security.SecureRandom;
import java.util.Arrays;

import jakarta.inject.Singleton;

import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;

/**
 * Marks this process's own readiness queries, so faults treat them as probes: an {@code app} fault leaves them
 * alone (a gray failure, as probes on the management port see it) and only an {@code all} fault reaches them.
 * The mark is an EDNS option carrying a secret made at start-up, so no outside client can borrow it.
 */
@Singleton
public class SelfProbe {

    /** From the range RFC 6891 reserves for local and experimental use. */
    static final int OPTION_CODE = 65_001;

    private final byte[] nonce = new byte[16];

    SelfProbe() {
        new SecureRandom().nextBytes(nonce);
    }

    public EDNSOption option() {
        return new GenericEDNSOption(OPTION_CODE, nonce.clone());
    }

    public boolean carriedBy(Message query) {
        OPTRecord opt = query.getOPT();
        if (opt == null) {
            return false;
        }
        return opt.getOptions(OPTION_CODE).stream().anyMatch(o -> Arrays.equals(o.toWire(), option().toWire()));
    }
}
