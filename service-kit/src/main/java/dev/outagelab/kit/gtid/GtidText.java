package dev.outagelab.kit.gtid;

import java.util.UUID;
import java.util.regex.Pattern;

/** Parsing helpers shared by {@link Gtid} and {@link GtidSet}, so both reject bad text with the same words. */
final class GtidText {

    // UUID.fromString accepts shortened groups like "1-2-3-4-5"; MySQL does not, and neither do we.
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private GtidText() {
    }

    static UUID parseUuid(String candidate, String wholeText) {
        if (!UUID_FORM.matcher(candidate).matches()) {
            throw new IllegalArgumentException(
                    "invalid GTID text '" + wholeText + "': '" + candidate + "' is not a server uuid");
        }
        return UUID.fromString(candidate);
    }

    static long parseSeq(String candidate, String wholeText) {
        long seq;
        try {
            seq = Long.parseLong(candidate);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "invalid GTID text '" + wholeText + "': '" + candidate + "' is not a sequence number");
        }
        if (seq < 1 || seq > Gtid.MAX_SEQ) {
            throw new IllegalArgumentException("invalid GTID text '" + wholeText
                    + "': sequence numbers run from 1 to " + Gtid.MAX_SEQ + ", got " + seq);
        }
        return seq;
    }
}
