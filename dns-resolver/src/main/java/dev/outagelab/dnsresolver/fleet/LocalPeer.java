package dev.outagelab.dnsresolver.fleet;

import java.time.Clock;
import java.util.function.BooleanSupplier;

/** This instance as a member of its own fleet: no HTTP to itself, the same state its admin API shows. */
public class LocalPeer implements Peer {

    private final MemberState state;
    private final BooleanSupplier healthy;
    private final Clock clock;

    /** {@code healthy} says whether our DNS answers: the readiness self-query, without the service state. */
    public LocalPeer(MemberState state, BooleanSupplier healthy, Clock clock) {
        this.state = state;
        this.healthy = healthy;
        this.clock = clock;
    }

    public MemberState state() {
        return state;
    }

    @Override
    public String name() {
        return state.name();
    }

    @Override
    public MemberStatus status() {
        return state.status(healthy.getAsBoolean());
    }

    @Override
    public boolean setInService(boolean inService, String reason, String by) {
        state.take(inService, reason, by, clock.instant());
        return true;
    }
}
