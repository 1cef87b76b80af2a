package dev.outagelab.dbnode.replication;

import dev.outagelab.dbnode.config.DbConfig;
import dev.outagelab.dbnode.store.KvStore;
import dev.outagelab.kit.admin.AdminConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** Wires the plain-Java replication pieces with the node's configuration, checking the settings on the way. */
@ApplicationScoped
public class ReplicationBeans {

    /** The orchestrator reads a silent source from lastContactMillisAgo, so heartbeats must come at least this often. */
    static final Duration MAX_HEARTBEAT = Duration.ofMillis(500);

    @Produces
    @Singleton
    SemiSyncGate semiSyncGate(DbConfig config, KvStore store) {
        return new SemiSyncGate(config.semiSync().enabled(), config.semiSync().timeout(), store::executed,
                Clock.systemUTC());
    }

    @Produces
    @Singleton
    ConnectedReplicas connectedReplicas() {
        return new ConnectedReplicas();
    }

    @Produces
    @Singleton
    ReplicaProgress replicaProgress() {
        return new ReplicaProgress();
    }

    @Produces
    @Singleton
    SourceClient sourceClient(DbConfig config, AdminConfig admin) {
        return new SourceClient(admin.token().strip(), config.replication().connectTimeout());
    }

    /** The replica's connection settings, refused at start-up (naming the key) when they cannot work. */
    static ReplicationClient.Settings settings(DbConfig.Replication config) {
        Duration heartbeat = config.heartbeatInterval();
        if (heartbeat.isZero() || heartbeat.isNegative() || heartbeat.compareTo(MAX_HEARTBEAT) > 0) {
            throw new IllegalArgumentException("db.replication.heartbeat-interval must be between 1ms and 500ms, was "
                    + heartbeat.toMillis() + "ms");
        }
        if (config.netTimeout().compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("db.replication.net-timeout must be at least twice the heartbeat "
                    + "interval (" + heartbeat.toMillis() + "ms), was " + config.netTimeout().toMillis() + "ms");
        }
        positive(config.connectTimeout(), "db.replication.connect-timeout");
        positive(config.retryInitial(), "db.replication.retry-initial");
        if (config.retryMax().compareTo(config.retryInitial()) < 0) {
            throw new IllegalArgumentException("db.replication.retry-max must not be below db.replication.retry-initial");
        }
        return new ReplicationClient.Settings(config.connectTimeout(), config.netTimeout(), config.retryInitial(),
                config.retryMax());
    }

    private static void positive(Duration value, String key) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }
}
