package dev.outagelab.netpol;

/** The protocols a NetworkPolicy port can name; TCP when none is given. */
public enum Protocol {
    TCP, UDP, SCTP;

    public static Protocol parse(String name) {
        if (name == null || name.isEmpty()) {
            return TCP;
        }
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown protocol " + name + " (TCP, UDP, SCTP)", e);
        }
    }
}
