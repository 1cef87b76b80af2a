package dev.outagelab.dbnode.replication;

import dev.outagelab.dbnode.config.DbConfig;
import dev.outagelab.dbnode.role.NodeRole;
import dev.outagelab.dbnode.role.Role;
import dev.outagelab.dbnode.role.RoleChange;
import dev.outagelab.dbnode.role.RoleState;
import dev.outagelab.dbnode.role.SourceUrl;
import dev.outagelab.dbnode.store.KvStore;
import dev.outagelab.kit.admin.AdminConfig;
import dev.outagelab.kit.identity.Instance;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Runs the node's replication to match its role: a replica replicates from its source from start-up on; promote
 * stops that before opening writes; replicate-from checks for errant GTIDs, persists the new source and
 * (re)starts. The one place where role changes and the replication thread are kept in step.
 */
@Singleton
public class Replication {

    private static final Logger LOG = Logger.getLogger(Replication.class);

    private final NodeRole role;
    private final KvStore store;
    private final SourceClient sources;
    private final ReplicationClient.Settings settings;
    private final String token;
    private final String name;
    private final String advertiseUrl;
    // Volatile, so status never waits behind a replicate-from that is asking a slow source.
    private final Vertx vertx;
    private final HttpClient ackHttp;
    private volatile ReplicationClient client;
    private volatile boolean stoppedByOperator;

    Replication(NodeRole role, KvStore store, SourceClient sources, DbConfig config, AdminConfig admin,
            Instance instance, Vertx vertx) {
        this.role = role;
        this.store = store;
        this.sources = sources;
        this.settings = ReplicationBeans.settings(config.replication());
        this.token = admin.token().strip();
        this.name = instance.name();
        this.advertiseUrl = config.advertiseUrl();
        this.vertx = vertx;
        // One kept-alive connection to the source is all acknowledgements need (at most one is in flight).
        this.ackHttp = vertx.createHttpClient(new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(true)
                .setMaxPoolSize(1).setConnectTimeout((int) settings.connectTimeout().toMillis()));
    }

    void onStart(@Observes StartupEvent started) {
        RoleState state = role.current();
        if (state.role() == Role.REPLICA) {
            startClient(state.source());
        }
    }

    synchronized void onStop(@Observes ShutdownEvent stopping) throws InterruptedException {
        stopClient();
    }

    /** Stop replicating (waiting for the batch being applied), then become a writable primary. */
    public synchronized RoleChange promote() throws IOException, InterruptedException {
        stopClient();
        stoppedByOperator = false;
        return role.promote();
    }

    /**
     * Become a replica of {@code source}, unless this node holds GTIDs the source lacks (and not {@code force}).
     *
     * @throws IllegalArgumentException when {@code source} is not a base URL, or is this node
     * @throws ErrantGtidsException naming the errant GTIDs; nothing changed
     * @throws SourceUnreachableException when the source cannot be asked for its set; nothing changed
     */
    public synchronized RoleChange replicateFrom(String source, boolean force)
            throws IOException, InterruptedException, SourceUnreachableException {
        String url = SourceUrl.parse(source, "source");
        if (url.equals(advertiseUrl)) {
            throw new IllegalArgumentException("source " + url + " is this node's own URL");
        }
        RoleState current = role.current();
        if (current.role() == Role.REPLICA && url.equals(current.source()) && client != null) {
            // Already replicating from it: asking again (an orchestrator retrying) must not break the stream.
            return role.replicateFrom(url, () -> { });
        }
        SourceClient.NodeInfo info = null;
        try {
            info = sources.describe(url);
        } catch (IOException e) {
            if (!force) {
                throw new SourceUnreachableException(url, e);
            }
            LOG.warnf("replicate-from %s forced although the source cannot be asked for its GTID set: %s", url,
                    e.getMessage());
        }
        if (info != null && info.uuid().equals(store.serverUuid())) {
            throw new IllegalArgumentException("source " + url + " is this node itself (server uuid "
                    + info.uuid() + ")");
        }
        SourceClient.NodeInfo described = info;
        String previous = client == null ? null : client.source();
        stopClient();
        RoleChange change;
        try {
            change = role.replicateFrom(url, () -> {
                // The gate is closed: once writes already queued are durable, this node's set is final.
                store.awaitQueuedWrites();
                if (described != null) {
                    var errant = store.executed().subtract(described.executed());
                    if (!errant.isEmpty()) {
                        if (!force) {
                            throw new ErrantGtidsException(url, errant);
                        }
                        LOG.warnf("replicate-from %s forced: this node keeps errant GTIDs %s that the source "
                                + "lacks", url, errant);
                    }
                }
            });
        } catch (RuntimeException | IOException e) {
            if (previous != null) {
                startClient(previous);
            }
            throw e;
        }
        stoppedByOperator = false;
        startClient(url);
        return change;
    }

    /** STOP REPLICA: the node stays a replica of its source but stops receiving, until started or restarted. */
    public synchronized boolean stopReplication() throws InterruptedException {
        if (role.current().role() != Role.REPLICA) {
            throw new IllegalStateException("this node is a primary; it does not replicate");
        }
        boolean changed = client != null;
        stopClient();
        stoppedByOperator = true;
        return changed;
    }

    /** START REPLICA, after a stop. */
    public synchronized boolean startReplication() {
        RoleState state = role.current();
        if (state.role() != Role.REPLICA) {
            throw new IllegalStateException("this node is a primary; it does not replicate");
        }
        stoppedByOperator = false;
        if (client != null) {
            return false;
        }
        startClient(state.source());
        return true;
    }

    public ReplicaStatus status() {
        RoleState state = role.current();
        ReplicationClient current = client;
        if (state.role() == Role.PRIMARY) {
            return ReplicaStatus.primary();
        }
        if (current == null) {
            return new ReplicaStatus(stoppedByOperator ? ReplicationState.STOPPED : ReplicationState.CONNECTING,
                    state.source(), null, null, null, null, null, null, 0);
        }
        return current.status();
    }

    private void startClient(String source) {
        client = new ReplicationClient(store, source, token, name, settings, Clock.systemUTC(), vertx, ackHttp);
        client.start();
    }

    private void stopClient() throws InterruptedException {
        if (client != null) {
            client.stop();
            client = null;
        }
    }
}
