package dev.outagelab.dbnode.role;

import dev.outagelab.dbnode.config.DbConfig;
import dev.outagelab.dbnode.store.KvStore;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Loads the role state at start-up, before the node answers anything, so a replica without {@code db.source}
 * or a damaged role file stops the node with the reason instead of letting it accept a write it should refuse.
 */
@ApplicationScoped
public class NodeRoleProducer {

    private static final Logger LOG = Logger.getLogger(NodeRoleProducer.class);

    @Produces
    @Singleton
    @Startup
    NodeRole nodeRole(DbConfig config, KvStore store) throws IOException {
        RoleState configured = RoleState.fromConfig(config.role(), config.source(), config.readOnly());
        Path dataDir = Path.of(config.dataDir()).toAbsolutePath();
        NodeRole role = NodeRole.open(new RoleStateFile(dataDir), configured, store, Clock.systemUTC(),
                config.fenceOnRestart());
        LOG.infof("db-node starts as %s%s", role.current(), role.fenced() ? " (fenced)" : "");
        return role;
    }
}
