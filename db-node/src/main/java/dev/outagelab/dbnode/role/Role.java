package dev.outagelab.dbnode.role;

import java.util.Locale;

/** What a node is in its replication topology: the one writable primary, or a read-only replica of a source. */
public enum Role {
    PRIMARY,
    REPLICA;

    /** The lower-case name used in config, headers, JSON and the role file. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.text().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "'; expected primary or replica");
    }
}
