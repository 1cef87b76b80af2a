package dev.outagelab.dbnode.binlog;

/** What a binlog event does to its key. The code is the byte written to disk, so it must never change. */
public enum Operation {
    PUT((byte) 1),
    DELETE((byte) 2);

    private final byte code;

    Operation(byte code) {
        this.code = code;
    }

    byte code() {
        return code;
    }

    /** Returns null for an unknown code, so the reader can report the file and offset itself. */
    static Operation fromCode(byte code) {
        for (Operation operation : values()) {
            if (operation.code == code) {
                return operation;
            }
        }
        return null;
    }
}
