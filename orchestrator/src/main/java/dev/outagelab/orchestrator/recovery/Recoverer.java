package dev.outagelab.orchestrator.recovery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.outagelab.orchestrator.analysis.Analysis;
import dev.outagelab.orchestrator.analysis.AnalysisCode;
import dev.outagelab.orchestrator.audit.AuditKind;
import dev.outagelab.orchestrator.audit.AuditLog;
import dev.outagelab.orchestrator.topology.DbNodeClient;
import dev.outagelab.orchestrator.topology.DbNodeStatus;
import dev.outagelab.orchestrator.topology.NodeObservation;
import dev.outagelab.orchestrator.topology.Topology;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Acts on analyses: the automatic failover for a dead primary (leader only, behind the guard rails), lifting the
 * restart fence of an undisputed primary (leader only, automatic switch on), a manual recover, and a graceful
 * takeover. Every step and every reason not to act goes to the audit log; the recovery record is committed through
 * the ledger (Raft) before anything changes, so a node without quorum never acts.
 * One action at a time: the methods are synchronized.
 */
public class Recoverer {

    private final String self;
    private final DbNodeClient db;
    private final DnsUpdater dns;
    private final RecoveryLedger ledger;
    private final Leadership leadership;
    private final AuditLog audit;
    private final RecoverySettings settings;
    private final CandidatePicker picker;
    private final Clock clock;

    private AnalysisCode lastCode;
    /** The primary of the current dead-primary episode once it has been handled (acted on or skipped for good). */
    private String handledEpisode;
    /** The last reason given for not recovering, so each reason is audited once, not every second. */
    private String lastSkip;

    public Recoverer(String self, DbNodeClient db, DnsUpdater dns, RecoveryLedger ledger, Leadership leadership,
                     AuditLog audit, RecoverySettings settings, Clock clock) {
        this.self = self;
        this.db = db;
        this.dns = dns;
        this.ledger = ledger;
        this.leadership = leadership;
        this.audit = audit;
        this.settings = settings;
        this.picker = new CandidatePicker(settings.preventCrossRegionFailover(), settings.failPromotionOnLag());
        this.clock = clock;
    }

    /** Called with every polling round's analysis. */
    public synchronized void onAnalysis(Topology topology, Analysis analysis) {
        boolean changed = analysis.code() != lastCode;
        lastCode = analysis.code();
        if (changed) {
            audit.record(AuditKind.DETECTION, analysis.code() + (analysis.primary() == null ? ""
                    : " on " + analysis.primary()), analysis.toJson());
        }
        if (analysis.code() == AnalysisCode.FencedPrimary) {
            handledEpisode = null;
            liftFence(topology, analysis);
            return;
        }
        if (!analysis.code().recoverable()) {
            handledEpisode = null;
            lastSkip = null;
            if (changed && analysis.code() != AnalysisCode.NoProblem) {
                skipped("no automatic recovery for " + analysis.code() + ": " + whyNot(analysis.code()),
                        "not_recoverable");
            }
            return;
        }
        if (analysis.primary().equals(handledEpisode)) {
            return;
        }
        String skip = automaticSkipReason();
        if (skip != null) {
            skipped("no automatic recovery of " + analysis.primary() + ": " + skip, "guard_rail");
            return;
        }
        handledEpisode = analysis.primary();
        try {
            recover(topology, analysis, "automatic", null);
        } catch (RecoveryException e) {
            skipped("recovery of " + analysis.primary() + " not run: " + e.getMessage(), e.code());
            if ("not_leader".equals(e.code()) || "no_quorum".equals(e.code())) {
                // Transient: try again next round (a quorum may return, leadership may settle).
                handledEpisode = null;
            }
        }
    }

    private static String whyNot(AnalysisCode code) {
        return switch (code) {
            case UnreachablePrimary -> "replicas do not confirm the primary is dead";
            case FencedFormerPrimary -> "the fenced node keeps its fence; a human reconciles it (its ledger against "
                    + "the primary, then replicate-from)";
            default -> "a human decides";
        };
    }

    /**
     * The primary restarted fenced and nothing disputes that it is the primary: switch read-only off (only if it
     * is still fenced: an operator's read-only since the poll stays) so it takes writes again. Not behind
     * {@code recovery-block} (this is no failover, and a primary restarted inside the block after one must not stay
     * read-only for an hour), but a node a recorded failover replaced is left alone until that recovery is
     * acknowledged, whatever this round's topology shows. A failure is retried next round.
     */
    private void liftFence(Topology topology, Analysis analysis) {
        String name = analysis.primary();
        if (!leadership.isActingLeader()) {
            skipped("fence of " + name + " not lifted: this node is not the acting Raft leader", "guard_rail");
            return;
        }
        if (!settings.automatic()) {
            skipped("fence of " + name + " not lifted: automatic recovery is off "
                    + "(orchestrator.recovery.automatic=false)", "guard_rail");
            return;
        }
        Optional<RecoveryRecord> replaced = replacedBy(name);
        if (replaced.isPresent()) {
            RecoveryRecord r = replaced.get();
            skipped("fence of " + name + " not lifted: recovery " + r.id() + " replaced it by " + r.promoted()
                    + "; acknowledge that recovery once " + name + " is the primary again, or lift the fence by hand",
                    "replaced_primary");
            return;
        }
        NodeObservation node = topology.node(name).orElseThrow();
        try {
            JsonObject answer = await(db.liftFence(node.adminUrl(), settings.actionTimeout()));
            lastSkip = null;
            audit.record(AuditKind.FENCE_LIFTED, "lifted the restart fence of " + name
                    + ": the undisputed primary takes writes again", new JsonObject()
                    .put("analysis", analysis.toJson()).put("answer", answer));
        } catch (RuntimeException e) {
            skipped("lifting the fence of " + name + " failed: " + e.getMessage() + "; retried next round",
                    "fence_lift_failed");
        }
    }

    /**
     * The latest recorded failover that replaced {@code name} as primary (it got as far as promoting, or is
     * still running), unless acknowledged or followed by one that promoted {@code name} again.
     */
    private Optional<RecoveryRecord> replacedBy(String name) {
        RecoveryRecord last = null;
        for (RecoveryRecord r : ledger.recoveries()) {
            if (name.equals(r.failedPrimary()) && (r.promotedAt() != null || "running".equals(r.outcome()))) {
                last = r;
            } else if (name.equals(r.promoted()) && r.promotedAt() != null) {
                last = null;
            }
        }
        return Optional.ofNullable(last).filter(r -> !r.acknowledged());
    }

    private void skipped(String message, String reason) {
        if (!message.equals(lastSkip)) {
            lastSkip = message;
            audit.record(AuditKind.SKIPPED, message, new JsonObject().put("reason", reason));
        }
    }

    private String automaticSkipReason() {
        if (!leadership.isActingLeader()) {
            return "this node is not the acting Raft leader";
        }
        if (!settings.automatic()) {
            return "automatic recovery is off (orchestrator.recovery.automatic=false)";
        }
        long blocked = ledger.blockedUntilMillis();
        if (blocked > clock.millis()) {
            return "recovery-block: a recovery ran recently; blocked until " + Instant.ofEpochMilli(blocked)
                    + " unless acknowledged";
        }
        return null;
    }

    /**
     * Fails over a dead primary: choose, commit the record, promote, repoint, update DNS.
     *
     * @param candidateName a human's choice of candidate, or null to let the picker choose
     */
    public synchronized RecoveryRecord recover(Topology topology, Analysis analysis, String kind,
                                               String candidateName) {
        requireLeader();
        if (!analysis.code().recoverable()) {
            throw new RecoveryException("nothing_to_recover", "the analysis is " + analysis.code()
                    + ", not a dead primary");
        }
        NodeObservation failed = topology.node(analysis.primary()).orElseThrow();
        CandidatePicker.Choice choice = picker.pick(topology, failed);
        NodeObservation candidate = choice.chosen();
        if (candidateName != null && (candidate == null || !candidate.name().equals(candidateName))) {
            candidate = topology.replicasOf(failed).stream()
                    .filter(r -> r.name().equals(candidateName) && r.reachable()).findFirst()
                    .filter(r -> choice.excluded().stream().noneMatch(x -> x.startsWith(r.name() + ":")))
                    .orElseThrow(() -> new RecoveryException("bad_candidate", candidateName
                            + " is not an eligible replica of " + failed.name() + " " + choice.excluded()));
        }
        if (candidate == null) {
            throw new RecoveryException("no_candidate", "no candidate to promote: " + choice.excluded());
        }
        long detectedAt = analysis.at().toEpochMilli();
        audit.record(AuditKind.DECISION, "promote " + candidate.name() + " in place of " + failed.name(),
                new JsonObject().put("analysis", analysis.code().name()).put("candidate", candidate.name())
                        .put("excluded", new JsonArray(choice.excluded())));
        RecoveryRecord record = new RecoveryRecord(UUID.randomUUID().toString(), kind, analysis.code().name(),
                failed.name(), candidate.name(), self, lostAt(topology, failed), detectedAt, null, null, null,
                "running", "promoting " + candidate.name(), false, null, null);
        long blockUntil = clock.millis() + settings.recoveryBlock().toMillis();
        commit(record, blockUntil);
        List<NodeObservation> others = topology.replicasOf(failed).stream().filter(NodeObservation::reachable)
                .toList();
        return promoteRepointAndAnnounce(record, candidate, others, blockUntil);
    }

    private RecoveryRecord promoteRepointAndAnnounce(RecoveryRecord started, NodeObservation candidate,
                                                     List<NodeObservation> others, long blockUntil) {
        RecoveryRecord record = started;
        try {
            requireLeader();
            JsonObject promoted = await(db.promote(candidate.adminUrl(), settings.actionTimeout()));
            long promotedAt = clock.millis();
            audit.record(AuditKind.PROMOTION, "promoted " + candidate.name(), promoted);
            record = record.with(candidate.name(), promotedAt, null, null, "running", "repointing replicas");
            String sourceUrl = candidate.status().url();
            StringBuilder problems = new StringBuilder();
            for (NodeObservation replica : others) {
                if (replica.name().equals(candidate.name())) {
                    continue;
                }
                try {
                    await(db.replicateFrom(replica.adminUrl(), sourceUrl, settings.actionTimeout()));
                    audit.record(AuditKind.REPOINT, replica.name() + " now replicates from " + candidate.name(),
                            new JsonObject().put("replica", replica.name()).put("source", sourceUrl));
                } catch (RuntimeException e) {
                    problems.append(replica.name()).append(" not repointed: ").append(e.getMessage()).append("; ");
                    audit.record(AuditKind.REPOINT, replica.name() + " could not be repointed: " + e.getMessage(),
                            new JsonObject().put("replica", replica.name()).put("ok", false));
                }
            }
            requireLeader();
            List<DnsUpdater.Result> results = dns.pointPrimaryAt(candidate.dnsName());
            long dnsAt = clock.millis();
            long ok = results.stream().filter(DnsUpdater.Result::ok).count();
            JsonArray detail = new JsonArray();
            results.forEach(r -> detail.add(new JsonObject().put("server", r.server()).put("ok", r.ok())
                    .put("detail", r.detail())));
            audit.record(AuditKind.DNS_UPDATE, "primary CNAME -> " + candidate.dnsName() + " at " + ok + " of "
                    + results.size() + " resolvers", new JsonObject().put("results", detail));
            if (ok < results.size()) {
                problems.append(results.size() - ok).append(" resolver(s) not updated; ");
            }
            record = record.with(candidate.name(), promotedAt, ok > 0 ? dnsAt : null, clock.millis(),
                    ok > 0 ? "succeeded" : "failed", problems.length() == 0 ? "done" : problems.toString().strip());
        } catch (RuntimeException e) {
            record = record.with(record.promoted(), record.promotedAt(), null, clock.millis(), "failed",
                    e.getMessage());
        }
        audit.record(AuditKind.RECOVERY, "recovery " + record.outcome() + ": " + record.message(),
                record.toJsonWithTimings());
        try {
            commit(record, blockUntil);
        } catch (RecoveryException e) {
            audit.record(AuditKind.RECOVERY, "the final record could not be committed: " + e.getMessage(), null);
        }
        return record;
    }

    /**
     * A planned switch with no lost writes: the primary goes read-only, the candidate catches up with every GTID
     * the primary has, then it is promoted and the old primary and the other replicas follow it.
     */
    public synchronized RecoveryRecord gracefulTakeover(Topology topology, String candidateName) {
        requireLeader();
        NodeObservation primary = topology.nodes().stream()
                .filter(n -> n.reachable() && n.status().isPrimary()).findFirst()
                .orElseThrow(() -> new RecoveryException("no_primary", "no reachable primary to hand over from"));
        NodeObservation candidate = topology.replicasOf(primary).stream()
                .filter(r -> r.name().equals(candidateName) && r.reachable()).findFirst()
                .orElseThrow(() -> new RecoveryException("bad_candidate", "'" + candidateName
                        + "' is not a reachable replica of " + primary.name()));
        RecoveryRecord record = new RecoveryRecord(UUID.randomUUID().toString(), "graceful-takeover", "NoProblem",
                primary.name(), candidate.name(), self, null, clock.millis(), null, null, null, "running",
                "making " + primary.name() + " read-only", false, null, null);
        commit(record, 0);
        audit.record(AuditKind.DECISION, "graceful takeover: " + primary.name() + " -> " + candidate.name(), null);
        try {
            await(db.readOnly(primary.adminUrl(), true, settings.actionTimeout()));
            DbNodeStatus frozen = await(db.status(primary.adminUrl(), settings.actionTimeout()));
            long deadline = System.nanoTime() + settings.takeoverCatchUpTimeout().toNanos();
            while (!await(db.status(candidate.adminUrl(), settings.actionTimeout())).gtidExecuted()
                    .containsAll(frozen.gtidExecuted())) {
                if (System.nanoTime() > deadline) {
                    await(db.readOnly(primary.adminUrl(), false, settings.actionTimeout()));
                    throw new RecoveryException("catch_up_timeout", candidate.name() + " did not catch up with "
                            + frozen.gtidExecuted() + " within " + settings.takeoverCatchUpTimeout()
                            + "; " + primary.name() + " is writable again");
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } catch (RecoveryException e) {
            RecoveryRecord failed = record.with(null, null, null, clock.millis(), "failed", e.getMessage());
            commit(failed, 0);
            audit.record(AuditKind.RECOVERY, "graceful takeover failed: " + e.getMessage(), failed.toJson());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecoveryException("interrupted", "graceful takeover interrupted");
        }
        List<NodeObservation> followers = new ArrayList<>(topology.replicasOf(primary).stream()
                .filter(NodeObservation::reachable).toList());
        followers.add(primary);
        return promoteRepointAndAnnounce(record, candidate, followers, 0);
    }

    public RecoveryRecord acknowledge(String id, String by, String comment) {
        RecoveryRecord acked;
        try {
            acked = ledger.acknowledge(id, by, comment).get(settings.actionTimeout().toMillis() * 2,
                    TimeUnit.MILLISECONDS).orElseThrow(() -> new RecoveryException("unknown_recovery",
                    "no recovery with id '" + id + "'"));
        } catch (RecoveryException e) {
            throw e;
        } catch (Exception e) {
            throw new RecoveryException("no_quorum", "the acknowledgement could not be committed: " + e);
        }
        audit.record(AuditKind.ACKNOWLEDGE, "recovery " + id + " acknowledged by " + by
                + "; automatic recovery unblocked", acked.toJson());
        return acked;
    }

    private void requireLeader() {
        if (!leadership.isActingLeader()) {
            throw new RecoveryException("not_leader", "this node (" + self + ") is not the acting Raft leader");
        }
    }

    private void commit(RecoveryRecord record, long blockUntil) {
        try {
            ledger.save(record, blockUntil).get(settings.actionTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new RecoveryException("no_quorum", "the recovery record could not be committed through Raft: " + e);
        }
    }

    private <T> T await(CompletableFuture<T> call) {
        try {
            return call.get(settings.actionTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(Objects.requireNonNullElse(e.getCause(), e).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + settings.actionTimeout(), e);
        }
    }

    /** The last moment anyone heard from the failed primary: our last poll, or a replica's last event from it. */
    static Long lostAt(Topology topology, NodeObservation failed) {
        long latest = failed.lastContact() == null ? Long.MIN_VALUE : failed.lastContact().toEpochMilli();
        for (NodeObservation r : topology.replicasOf(failed)) {
            Long ago = r.reachable() ? r.status().lastContactMillisAgo() : null;
            if (ago != null && r.lastContact() != null) {
                latest = Math.max(latest, r.lastContact().toEpochMilli() - ago);
            }
        }
        return latest == Long.MIN_VALUE ? null : latest;
    }
}
