package dev.outagelab.orchestrator.raft;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.TimeDuration;

import dev.outagelab.orchestrator.recovery.Leadership;
import dev.outagelab.orchestrator.recovery.RecoveryLedger;
import dev.outagelab.orchestrator.recovery.RecoveryRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * This node's member of the orchestrator Raft group (Apache Ratis over Netty). It answers who leads, and is the
 * {@link RecoveryLedger}: recoveries and blocks are committed through the log, so a write needs a quorum.
 *
 * <p>Acting as leader needs more than Ratis calling us leader: a majority (this node included) must have answered
 * within one election timeout. A leader cut off from the others stops acting once that lease runs out, before
 * Ratis itself steps down and before the others can elect a new leader (they wait at least one election timeout).
 */
public class RaftNode implements RecoveryLedger, Leadership, AutoCloseable {

    /** One group for the whole lab; derived from a fixed name so every node computes the same id. */
    static final RaftGroupId GROUP_ID =
            RaftGroupId.valueOf(UUID.nameUUIDFromBytes("outage-lab-orchestrator".getBytes(StandardCharsets.UTF_8)));

    private final RaftSettings settings;
    private final ReplicatedState state = new ReplicatedState();
    private final RaftGroup group;
    private RaftServer server;
    private RaftClient client;

    public RaftNode(RaftSettings settings) {
        this.settings = settings;
        this.group = RaftGroup.valueOf(GROUP_ID, settings.peers().stream()
                .map(p -> org.apache.ratis.protocol.RaftPeer.newBuilder().setId(p.id()).setAddress(p.address())
                        .build())
                .toList());
    }

    public void start() throws IOException {
        RaftProperties properties = properties();
        File storage = settings.storageDir().toFile();
        // A node restarting with its log must recover it (it holds past recoveries); a new one formats.
        boolean hasLog = new File(storage, GROUP_ID.getUuid().toString()).isDirectory();
        Files.createDirectories(settings.storageDir());
        server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(settings.self()))
                .setGroup(group)
                .setProperties(properties)
                .setStateMachine(new LedgerStateMachine(state))
                .setOption(hasLog ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        server.start();
        client = RaftClient.newBuilder()
                .setProperties(properties)
                .setRaftGroup(group)
                .setClientId(ClientId.randomId())
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(5,
                        TimeDuration.valueOf(timeoutMillis() / 2, TimeUnit.MILLISECONDS)))
                .build();
    }

    private RaftProperties properties() {
        RaftProperties p = new RaftProperties();
        RaftPeer self = settings.selfPeer();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.NETTY);
        NettyConfigKeys.Server.setHost(p, self.host());
        NettyConfigKeys.Server.setPort(p, self.port());
        RaftServerConfigKeys.setStorageDir(p, List.of(settings.storageDir().toFile()));
        long timeout = timeoutMillis();
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(timeout, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2 * timeout, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(2 * timeout, TimeUnit.MILLISECONDS));
        // Ratis's own step-down: a leader that hears from no majority for this long becomes a follower.
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(p,
                TimeDuration.valueOf(timeout, TimeUnit.MILLISECONDS));
        return p;
    }

    private long timeoutMillis() {
        return settings.electionTimeout().toMillis();
    }

    private DivisionInfo info() {
        try {
            return server.getDivision(GROUP_ID).getInfo();
        } catch (IOException e) {
            throw new IllegalStateException("the orchestrator Raft group is not on this server", e);
        }
    }

    /** Leader by Ratis, ready (its first entry committed), and heard from a majority within one election timeout. */
    @Override
    public boolean isActingLeader() {
        if (server == null) {
            return false;
        }
        DivisionInfo info = info();
        if (!info.isLeader() || !info.isLeaderReady()) {
            return false;
        }
        RoleInfoProto role = info.getRoleInfoProto();
        long fresh = 1 + role.getLeaderInfo().getFollowerInfoList().stream()
                .filter(f -> f.getLastRpcElapsedTimeMs() < timeoutMillis())
                .count();
        return fresh > settings.peers().size() / 2;
    }

    public String self() {
        return settings.self();
    }

    /** Term, role, leader and peers, for {@code /api/raft}. */
    public JsonObject describe() {
        JsonArray peers = new JsonArray();
        settings.peers().forEach(p -> peers.add(new JsonObject().put("id", p.id()).put("address", p.address())));
        JsonObject view = new JsonObject().put("self", settings.self()).put("peers", peers)
                .put("electionTimeoutMillis", timeoutMillis());
        if (server == null) {
            return view.put("role", "STOPPED");
        }
        DivisionInfo info = info();
        RaftPeerId leader = info.getLeaderId();
        return view.put("term", info.getCurrentTerm()).put("role", info.getCurrentRole().name())
                .put("leader", leader == null ? null : leader.toString())
                .put("actingLeader", isActingLeader())
                .put("lastAppliedIndex", info.getLastAppliedIndex());
    }

    @Override
    public CompletableFuture<Void> save(RecoveryRecord record, long blockUntilMillis) {
        return submit(ReplicatedState.saveCommand(record, blockUntilMillis)).thenApply(reply -> null);
    }

    @Override
    public CompletableFuture<Optional<RecoveryRecord>> acknowledge(String id, String by, String comment) {
        return submit(ReplicatedState.acknowledgeCommand(id, by, comment)).thenApply(reply -> {
            JsonObject acked = reply.getJsonObject("acknowledged");
            return acked == null ? Optional.empty() : Optional.of(RecoveryRecord.fromJson(acked));
        });
    }

    @Override
    public long blockedUntilMillis() {
        return state.blockedUntil();
    }

    @Override
    public List<RecoveryRecord> recoveries() {
        return state.recoveries();
    }

    /** Commits one command; fails unless a quorum accepted it within a few election timeouts. */
    private CompletableFuture<JsonObject> submit(JsonObject command) {
        return client.async().send(Message.valueOf(command.encode()))
                .orTimeout(4 * timeoutMillis(), TimeUnit.MILLISECONDS)
                .thenApply(RaftNode::replyOf);
    }

    private static JsonObject replyOf(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw new IllegalStateException("Raft did not commit the command: " + reply.getException());
        }
        return new JsonObject(reply.getMessage().getContent().toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }
}
