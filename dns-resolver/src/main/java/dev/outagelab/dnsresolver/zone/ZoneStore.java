package dev.outagelab.dnsresolver.zone;

import org.xbill.DNS.Zone;

/**
 * The zone being served, replaced whole by an update. Readers take one snapshot per query and never see a zone
 * half-updated; writers build a new zone beside it and swap it in, so queries never wait for an update.
 */
public final class ZoneStore {

    private volatile Zone current;

    public ZoneStore(Zone initial) {
        this.current = initial;
    }

    public Zone current() {
        return current;
    }

    /** Only the update path and the replicator call this, both under the ZoneUpdater's lock, so swaps never race. */
    public void replace(Zone next) {
        if (!next.getOrigin().equals(current.getOrigin())) {
            throw new IllegalArgumentException("a replacement zone must keep the origin " + current.getOrigin());
        }
        current = next;
    }
}
