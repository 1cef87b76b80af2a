package dev.outagelab.dbnode.metrics;

import dev.outagelab.dbnode.binlog.Binlog;
import dev.outagelab.dbnode.binlog.CommitObserver;
import dev.outagelab.dbnode.replication.ConnectedReplicas;
import dev.outagelab.dbnode.replication.Replication;
import dev.outagelab.dbnode.replication.ReplicationState;
import dev.outagelab.dbnode.replication.SemiSyncGate;
import dev.outagelab.dbnode.retention.BinlogMaintenance;
import dev.outagelab.dbnode.store.KvStore;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The binlog's health on /q/metrics: how many writes became durable, how long each fsync took, how many appends
 * each fsync carried (group commit at work), and how large the log has grown. Counts and size are read from the
 * binlog on every scrape; latency and batch sizes are recorded by the commit thread as they happen.
 */
@ApplicationScoped
public class DbMetrics {

    static final String WRITES = "db.writes";
    static final String FSYNC = "db.binlog.fsync";
    static final String GROUP_COMMIT_SIZE = "db.binlog.group.commit.size";
    static final String BINLOG_SIZE = "db.binlog.size";
    static final String BINLOG_SEGMENTS = "db.binlog.segments";
    static final String PURGED_SEGMENTS = "db.binlog.purged.segments";
    static final String SNAPSHOTS = "db.snapshots";
    static final String SECONDS_BEHIND = "db.replication.seconds.behind";
    static final String BYTES_BEHIND = "db.replication.bytes.behind";
    static final String LAST_CONTACT = "db.replication.last.contact";
    static final String STATE = "db.replication.state";
    static final String CONNECTED_REPLICAS = "db.replication.connected.replicas";
    static final String SEMI_SYNC_ACTIVE = "db.semisync.active";
    static final String SEMI_SYNC_FALLBACKS = "db.semisync.fallbacks";

    void register(@Observes StartupEvent started, KvStore store, MeterRegistry registry, Replication replication,
            SemiSyncGate semiSync, ConnectedReplicas replicas, BinlogMaintenance maintenance) {
        registerBinlog(store, registry);
        Gauge.builder(BINLOG_SEGMENTS, store.binlog(), Binlog::segments)
                .description("Binlog segment files on disk")
                .register(registry);
        FunctionCounter.builder(PURGED_SEGMENTS, maintenance, BinlogMaintenance::purgedSegments)
                .description("Binlog segments purged by retention since the node started")
                .register(registry);
        FunctionCounter.builder(SNAPSHOTS, maintenance, BinlogMaintenance::snapshots)
                .description("State snapshots written since the node started")
                .register(registry);
        // -1 = unknown (not streaming), as in the X-Replication-Lag header; 0 on a primary.
        Gauge.builder(SECONDS_BEHIND, replication, r -> orUnknown(r.status().secondsBehind()))
                .description("Seconds this replica is behind its source (0 on a primary, -1 when unknown)")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(BYTES_BEHIND, replication, r -> orUnknown(r.status().bytesBehind()))
                .description("Source binlog bytes this replica has not received (-1 when unknown)")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder(LAST_CONTACT, replication, r -> orUnknown(r.status().lastContactMillisAgo() == null ? null
                        : r.status().lastContactMillisAgo() / 1000.0))
                .description("Seconds since the last event or heartbeat from the source (-1 before the first)")
                .baseUnit("seconds")
                .register(registry);
        for (ReplicationState state : ReplicationState.values()) {
            Gauge.builder(STATE, replication, r -> r.status().state() == state ? 1 : 0)
                    .description("1 for the replication state the node is in, 0 for the others")
                    .tag("state", state.text())
                    .register(registry);
        }
        Gauge.builder(CONNECTED_REPLICAS, replicas, r -> r.current().size())
                .description("Replicas streaming from this node")
                .register(registry);
        Gauge.builder(SEMI_SYNC_ACTIVE, semiSync, gate -> gate.active() ? 1 : 0)
                .description("1 while writes wait for a replica's acknowledgement (semi-sync on and not fallen back)")
                .register(registry);
        FunctionCounter.builder(SEMI_SYNC_FALLBACKS, semiSync, SemiSyncGate::fallbacks)
                .description("Times semi-sync timed out and fell back to async")
                .register(registry);
    }

    private static double orUnknown(Number value) {
        return value == null ? -1 : value.doubleValue();
    }

    private void registerBinlog(KvStore store, MeterRegistry registry) {
        Binlog binlog = store.binlog();
        FunctionCounter.builder(WRITES, binlog, log -> log.stats().events())
                .description("Writes (binlog events) made durable since the node started")
                .register(registry);
        Gauge.builder(BINLOG_SIZE, binlog, Binlog::sizeBytes)
                .description("Bytes in all binlog segments")
                .baseUnit("bytes")
                .register(registry);
        // Histogram buckets let Prometheus compute fsync percentiles; the range covers NVMe to a slow disk.
        Timer fsync = Timer.builder(FSYNC)
                .description("Duration of each binlog fsync (FileChannel.force)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(20_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
        DistributionSummary groupCommit = DistributionSummary.builder(GROUP_COMMIT_SIZE)
                .description("Appends made durable by one group commit (one fsync)")
                .register(registry);
        binlog.observeCommits(new CommitObserver() {
            @Override
            public void fsynced(long nanos) {
                fsync.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void committed(int appends, int events) {
                groupCommit.record(appends);
            }
        });
    }
}
