package dev.outagelab.dbnode.store;

import dev.outagelab.dbnode.config.DbConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Opens the store when the node starts, so a corrupted binlog stops start-up with its message instead of
 * failing the first request, and closes it on shutdown so queued writes finish.
 */
@ApplicationScoped
public class KvStoreProducer {

    private static final Logger LOG = Logger.getLogger(KvStoreProducer.class);

    @Produces
    @Singleton
    @Startup
    KvStore kvStore(DbConfig config) throws IOException {
        Path dataDir = Path.of(config.dataDir()).toAbsolutePath();
        KvStore store = KvStore.open(dataDir, config.binlog().segmentSize().asLongValue(), Clock.systemUTC());
        var recovery = store.recovery();
        LOG.infof("db-node %s opened %s: %d events in %d segments, executed GTID set '%s'", store.serverUuid(),
                dataDir, recovery.events(), recovery.segments(), store.executed());
        recovery.truncatedTail().ifPresent(tail -> LOG.warnf("binlog recovery %s", tail));
        StartupReport startup = store.startup();
        startup.unusableSnapshots().forEach(reason -> LOG.warnf("%s; falling back to an older snapshot or the "
                + "whole binlog", reason));
        LOG.infof("state rebuilt from %s and %d binlog event(s) after it; gtid_purged '%s'",
                startup.snapshot().map(file -> "snapshot " + file).orElse("an empty state (no snapshot)"),
                startup.replayedEvents(), store.binlog().purged());
        return store;
    }

    void close(@Disposes KvStore store) throws IOException {
        store.close();
    }
}
