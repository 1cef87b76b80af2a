package dev.outagelab.dbnode.retention;

import dev.outagelab.dbnode.config.DbConfig;
import dev.outagelab.dbnode.replication.ReplicaProgress;
import dev.outagelab.dbnode.store.KvStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Builds {@link BinlogMaintenance} from the {@code db.binlog.*} and {@code db.snapshot.*} settings and runs it. */
@ApplicationScoped
public class MaintenanceScheduler {

    private static final Logger LOG = Logger.getLogger(MaintenanceScheduler.class);

    private ScheduledExecutorService executor;

    @Produces
    @Singleton
    BinlogMaintenance binlogMaintenance(DbConfig config, KvStore store, ReplicaProgress progress) {
        RetentionPolicy policy = policy(config.binlog());
        long every = config.snapshot().every().asLongValue();
        if (every <= 0) {
            throw new IllegalArgumentException("db.snapshot.every must be positive, was " + every);
        }
        return new BinlogMaintenance(store, policy, every,
                now -> progress.pins(now, policy.replicaUnseenTimeout()), Clock.systemUTC());
    }

    /** The retention settings, refused at start-up (naming the key) when they cannot work. */
    static RetentionPolicy policy(DbConfig.Binlog binlog) {
        DbConfig.Retention retention = binlog.retention();
        if (retention.maxAge().isNegative()) {
            throw new IllegalArgumentException("db.binlog.retention.max-age must not be negative (0 = no age "
                    + "limit), was " + retention.maxAge());
        }
        long maxSize = retention.maxSize().asLongValue();
        if (maxSize < 0) {
            throw new IllegalArgumentException("db.binlog.retention.max-size must not be negative (0 = no size "
                    + "limit), was " + maxSize);
        }
        if (retention.replicaUnseenTimeout().isZero() || retention.replicaUnseenTimeout().isNegative()) {
            throw new IllegalArgumentException("db.binlog.retention.replica-unseen-timeout must be positive, was "
                    + retention.replicaUnseenTimeout());
        }
        if (binlog.maintenanceInterval().isZero() || binlog.maintenanceInterval().isNegative()) {
            throw new IllegalArgumentException("db.binlog.maintenance-interval must be positive, was "
                    + binlog.maintenanceInterval());
        }
        return new RetentionPolicy(
                retention.maxAge().isZero() ? Optional.empty() : Optional.of(retention.maxAge()),
                maxSize == 0 ? OptionalLong.empty() : OptionalLong.of(maxSize),
                retention.replicaUnseenTimeout());
    }

    void start(@Observes StartupEvent started, BinlogMaintenance maintenance, DbConfig config) {
        Duration interval = config.binlog().maintenanceInterval();
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "binlog-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                maintenance.runOnce();
            } catch (Exception e) {
                // Logged and retried next round: a failed snapshot or purge leaves the binlog as it was.
                LOG.warnf(e, "binlog maintenance failed; retrying in %s", interval);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
