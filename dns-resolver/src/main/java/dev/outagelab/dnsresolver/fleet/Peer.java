package dev.outagelab.dnsresolver.fleet;

/** A fleet member as the manager reaches it: this instance directly, the others over their admin API. */
public interface Peer {

    String name();

    /** Never throws: a member that cannot be asked is {@link MemberStatus#unreachable}. */
    MemberStatus status();

    /** Tells the member to leave or rejoin service; false when it could not be told. */
    boolean setInService(boolean inService, String reason, String by);
}
