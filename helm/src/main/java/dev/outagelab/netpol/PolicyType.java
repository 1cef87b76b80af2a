package dev.outagelab.netpol;

/** The direction a NetworkPolicy isolates. */
public enum PolicyType {
    /** Connections into the selected pods. */
    INGRESS,
    /** Connections out of the selected pods. */
    EGRESS;

    public static PolicyType parse(String name) {
        return switch (name) {
            case "Ingress" -> INGRESS;
            case "Egress" -> EGRESS;
            default -> throw new IllegalArgumentException("unknown policyType " + name + " (Ingress, Egress)");
        };
    }
}
