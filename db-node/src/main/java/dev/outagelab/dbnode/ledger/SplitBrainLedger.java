package dev.outagelab.dbnode.ledger;

import dev.outagelab.dbnode.binlog.Binlog;
import dev.outagelab.dbnode.binlog.BinlogEvent;
import dev.outagelab.kit.gtid.GtidSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The split-brain ledger: the events in this node's binlog whose GTIDs another node lacks, oldest first, with
 * their key, value and time. After a partition in which both sides took writes (GitHub's 954), it shows each
 * side exactly what only it has; the README says how an operator reconciles them.
 */
public final class SplitBrainLedger {

    /**
     * @param missing every GTID of this node the other lacks (may be more than {@code events} when truncated)
     * @param truncated whether more than {@code limit} events were missing and only the first were kept
     * @param purged    the missing GTIDs whose events retention already purged from this binlog (not listed)
     */
    public record Entries(GtidSet missing, List<BinlogEvent> events, boolean truncated, GtidSet purged) {
    }

    private SplitBrainLedger() {
    }

    public static Entries between(Binlog binlog, GtidSet executedHere, GtidSet otherExecuted, int limit) {
        GtidSet missing = executedHere.subtract(otherExecuted);
        List<BinlogEvent> events = new ArrayList<>();
        boolean[] truncated = {false};
        if (!missing.isEmpty()) {
            binlog.forEachEvent(logged -> {
                BinlogEvent event = logged.event();
                if (missing.contains(event.gtid())) {
                    if (events.size() < limit) {
                        events.add(event);
                    } else {
                        truncated[0] = true;
                    }
                }
            });
        }
        GtidSet purged = missing.subtract(missing.subtract(binlog.purged()));
        return new Entries(missing, List.copyOf(events), truncated[0], purged);
    }
}
