package dev.outagelab.dbnode.retention;

import dev.outagelab.dbnode.binlog.Binlog;
import dev.outagelab.dbnode.binlog.BinlogPosition;
import dev.outagelab.dbnode.store.KvStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The binlog's housekeeping, one round at a time: a snapshot once enough binlog has been written since the last,
 * then a purge of what the {@link RetentionPlanner} lets go. Plain Java; the node runs a round every
 * {@code db.binlog.maintenance-interval}, tests call {@link #runOnce()} themselves.
 */
public final class BinlogMaintenance {

    private static final Logger LOG = Logger.getLogger(BinlogMaintenance.class);

    /** What one round did. */
    public record Round(Optional<Path> snapshot, RetentionPlanner.Plan plan, int purged) {
    }

    private final KvStore store;
    private final RetentionPolicy policy;
    private final long snapshotEveryBytes;
    private final Function<Instant, List<ReplicaPin>> pins;
    private final Clock clock;
    private final AtomicLong snapshots = new AtomicLong();
    private final AtomicLong purgedSegments = new AtomicLong();
    private volatile String keptBecause = "no maintenance round yet";

    /** @param pins the replicas that hold segments back at a given moment (seen recently enough) */
    public BinlogMaintenance(KvStore store, RetentionPolicy policy, long snapshotEveryBytes,
            Function<Instant, List<ReplicaPin>> pins, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.snapshotEveryBytes = snapshotEveryBytes;
        this.pins = pins;
        this.clock = clock;
    }

    public synchronized Round runOnce() throws IOException {
        Binlog binlog = store.binlog();
        Optional<Path> written = Optional.empty();
        Optional<BinlogPosition> newest = store.newestSnapshot();
        long since = newest.map(position -> binlog.bytesBetween(position, binlog.end()))
                .orElseGet(binlog::sizeBytes);
        if (since >= snapshotEveryBytes) {
            written = store.checkpoint();
            written.ifPresent(file -> {
                snapshots.incrementAndGet();
                LOG.infof("snapshot %s written (%d binlog bytes since the previous one)", file, since);
            });
        }
        if (!policy.purgesAnything()) {
            RetentionPlanner.Plan none = new RetentionPlanner.Plan(binlog.start().segment(), 0,
                    "no retention limit is configured");
            keptBecause = none.keptBecause();
            return new Round(written, none, 0);
        }
        Instant now = clock.instant();
        List<ReplicaPin> pinning = pins.apply(now);
        RetentionPlanner.Plan plan = RetentionPlanner.plan(policy, binlog.closedSegments(), binlog.sizeBytes(),
                store.segmentsNeededFrom(), pinning, binlog::gtidsIn, now);
        int purged = 0;
        if (plan.segments() > 0) {
            BinlogPosition oldStart = binlog.start();
            purged = binlog.purgeBefore(plan.purgeBefore());
            purgedSegments.addAndGet(purged);
            LOG.infof("binlog retention purged %d segment(s) from %s up to segment %d (%d replica(s) pinning); "
                    + "gtid_purged is now '%s'; kept: %s", purged, oldStart, plan.purgeBefore(), pinning.size(),
                    binlog.purged(), plan.keptBecause());
        }
        keptBecause = plan.keptBecause();
        return new Round(written, plan, purged);
    }

    /** Snapshots written by maintenance since start. */
    public long snapshots() {
        return snapshots.get();
    }

    /** Segments purged since start. */
    public long purgedSegments() {
        return purgedSegments.get();
    }

    /** Why the oldest segment stayed in the last round. */
    public String keptBecause() {
        return keptBecause;
    }
}
