package dev.outagelab.dbnode.metrics;

import dev.outagelab.dbnode.binlog.Binlog;
import dev.outagelab.dbnode.binlog.CommitObserver;
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

    void register(@Observes StartupEvent started, KvStore store, MeterRegistry registry) {
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
