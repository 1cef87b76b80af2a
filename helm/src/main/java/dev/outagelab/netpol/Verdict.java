package dev.outagelab.netpol;

/**
 * Whether a connection gets through, and why: the egress side at the source and the ingress side at
 * the destination must both let it pass.
 */
public record Verdict(Connection connection, Side egress, Side ingress) {

    public boolean allowed() {
        return egress.allowed() && ingress.allowed();
    }

    @Override
    public String toString() {
        return connection + (allowed() ? " allowed" : " denied") + " (egress: " + egress.reason() + "; ingress: " + ingress.reason() + ")";
    }

    /** One direction's decision and the policies behind it. */
    public record Side(boolean allowed, String reason) {
    }
}
