package dev.outagelab.orchestrator.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.outagelab.orchestrator.analysis.Analysis;
import dev.outagelab.orchestrator.analysis.AnalysisCode;
import dev.outagelab.orchestrator.analysis.Analyzer;
import dev.outagelab.orchestrator.audit.AuditEntry;
import dev.outagelab.orchestrator.audit.AuditKind;
import dev.outagelab.orchestrator.audit.AuditLog;
import dev.outagelab.orchestrator.support.FakeDbNode;
import dev.outagelab.orchestrator.support.FakeDnsServer;
import dev.outagelab.orchestrator.support.InMemoryLedger;
import dev.outagelab.orchestrator.topology.DbNodeClient;
import dev.outagelab.orchestrator.topology.DbNodeTarget;
import dev.outagelab.orchestrator.topology.Topology;
import dev.outagelab.orchestrator.topology.TopologyPoller;
import io.vertx.core.json.JsonObject;

/**
 * Recovery against fake db-nodes and fake DNS servers on real loopback sockets: what is promoted, who is
 * repointed, which DNS update goes out, and every guard rail that stops it.
 */
class RecovererTest {

    static final String TOKEN = "recoverer-test-token-0123456789";
    static final String SECRET = "dGVzdC1vbmx5LXRzaWctc2VjcmV0LWZvci1vdXRhZ2UtbGFi";
    private static final String A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
    private static final String C = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";

    private final FakeDbNode east0 = new FakeDbNode(TOKEN,
            FakeDbNode.status("db-node-east-0", "east", "primary", A + ":1-10", null, "not-configured", null)
                    .put("uuid", A));
    private final FakeDbNode east1 = replicaOf(east0, "db-node-east-1", "east", A + ":1-10");
    private final FakeDbNode west0 = replicaOf(east0, "db-node-west-0", "west", A + ":1-10");
    private final FakeDnsServer dns1 = new FakeDnsServer(DnsUpdater.key("orchestrator.lab.internal.", SECRET));
    private final FakeDnsServer dns2 = new FakeDnsServer(DnsUpdater.key("orchestrator.lab.internal.", SECRET));
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final AtomicBoolean leader = new AtomicBoolean(true);
    private final AuditLog audit = new AuditLog("orchestrator-west", 500, Clock.systemUTC());
    private final Analyzer analyzer = new Analyzer(Duration.ofSeconds(2), Duration.ofSeconds(10));
    private final TopologyPoller poller = new TopologyPoller(List.of(
            target("db-node-east-0", "east", east0), target("db-node-east-1", "east", east1),
            target("db-node-west-0", "west", west0)),
            // Generous: the first calls of a cold JVM on a loaded machine take seconds.
            new DbNodeClient(TOKEN, Duration.ofSeconds(5)), Duration.ofSeconds(1), Duration.ofSeconds(8),
            Clock.systemUTC());

    @AfterEach
    void stop() throws InterruptedException {
        for (FakeDbNode n : List.of(east0, east1, west0)) {
            n.close();
        }
        dns1.close();
        dns2.close();
        poller.close();
    }

    private Recoverer recoverer(boolean automatic, boolean preventCrossRegion, Duration block) {
        DnsUpdater updater = new DnsUpdater(List.of(DnsUpdater.server(dns1.address()),
                DnsUpdater.server(dns2.address())), name("lab.internal."), name("primary.db.lab.internal."),
                Duration.ofSeconds(5), DnsUpdater.key("orchestrator.lab.internal.", SECRET), Duration.ofSeconds(2));
        return new Recoverer("orchestrator-west", new DbNodeClient(TOKEN, Duration.ofSeconds(2)), updater, ledger,
                leader::get, audit, new RecoverySettings(automatic, preventCrossRegion, block, Duration.ZERO,
                Duration.ofSeconds(3), Duration.ofSeconds(3)), Clock.systemUTC());
    }

    private Analysis round(Recoverer recoverer) {
        Topology topology = poller.pollOnce();
        Analysis analysis = analyzer.analyze(topology);
        recoverer.onAnalysis(topology, analysis);
        return analysis;
    }

    private void killPrimaryAsSeenByItsReplicas(FakeDbNode primary, FakeDbNode... replicas) {
        primary.setDown(true);
        for (FakeDbNode r : replicas) {
            JsonObject s = r.status().copy();
            s.getJsonObject("replication").put("state", "connecting").put("lastContactMillisAgo", 4500);
            r.setStatus(s);
        }
    }

    @Test
    void aDeadPrimaryIsReplacedPromotedRepointedAndAnnouncedInDns() {
        Recoverer recoverer = recoverer(true, false, Duration.ofHours(1));
        assertEquals(AnalysisCode.NoProblem, round(recoverer).code());
        killPrimaryAsSeenByItsReplicas(east0, east1, west0);

        assertEquals(AnalysisCode.DeadPrimary, round(recoverer).code());

        // Equal GTID sets: the dead primary's own region wins.
        assertEquals(List.of("POST /admin/db/promote {}"), east1.calls());
        assertEquals(List.of("POST /admin/db/replicate-from {\"source\":\"" + east1.appUrl() + "\",\"force\":false}"),
                west0.calls());
        for (FakeDnsServer dns : List.of(dns1, dns2)) {
            assertEquals(List.of("primary.db.lab.internal.\t5\tIN\tCNAME\tdb-node-east-1.db.lab.internal."),
                    dns.accepted().stream().filter(r -> r.contains("IN\tCNAME")).toList());
        }
        RecoveryRecord record = ledger.recoveries().get(0);
        assertEquals("succeeded", record.outcome(), record.message());
        assertEquals("db-node-east-1", record.promoted());
        JsonObject timings = record.toJsonWithTimings().getJsonObject("timings");
        assertTrue(timings.getLong("detectMillis") >= 0 && timings.getLong("dnsMillis") >= timings.getLong(
                "promoteMillis"), timings.encode());
        assertTrue(ledger.blockedUntilMillis() > System.currentTimeMillis(), "recovery-block set");
        assertEquals(List.of(AuditKind.DETECTION, AuditKind.DETECTION, AuditKind.DECISION, AuditKind.PROMOTION,
                AuditKind.REPOINT, AuditKind.DNS_UPDATE, AuditKind.RECOVERY), kinds());

        assertEquals(AnalysisCode.NoProblem, round(recoverer).code(), "after the failover the new primary leads");
    }

    @Test
    void theMostAdvancedReplicaWinsOverTheSameRegion() {
        Recoverer recoverer = recoverer(true, false, Duration.ofHours(1));
        round(recoverer);
        west0.setStatus(west0.status().copy().put("gtidExecuted", A + ":1-12"));
        killPrimaryAsSeenByItsReplicas(east0, east1, west0);
        round(recoverer);
        assertEquals(List.of("POST /admin/db/promote {}"), west0.calls());
    }

    @Test
    void aReplicaWithErrantGtidsIsNeverPromoted() {
        Recoverer recoverer = recoverer(true, false, Duration.ofHours(1));
        round(recoverer);
        west0.setStatus(west0.status().copy().put("gtidExecuted", A + ":1-12," + C + ":1-2"));
        killPrimaryAsSeenByItsReplicas(east0, east1, west0);
        round(recoverer);
        assertEquals(List.of("POST /admin/db/promote {}"), east1.calls());
        assertTrue(audit(AuditKind.DECISION).get(0).details().getJsonArray("excluded").encode()
                .contains("db-node-west-0: errant GTIDs " + C + ":1-2"));
    }

    @Test
    void preventCrossRegionFailoverAbortsWhenOnlyAWestCandidateIsLeftAndSaysWhy() {
        Recoverer recoverer = recoverer(true, true, Duration.ofHours(1));
        round(recoverer);
        east1.setDown(true);
        killPrimaryAsSeenByItsReplicas(east0, west0);
        assertEquals(AnalysisCode.DeadPrimaryAndSomeReplicas, round(recoverer).code());
        round(recoverer);
        assertEquals(List.of(), west0.calls(), "no promotion, no repoint");
        assertEquals(List.of(), dns1.accepted());
        List<AuditEntry> skipped = audit(AuditKind.SKIPPED);
        assertEquals(1, skipped.size(), "said once, not every round: " + skipped);
        assertTrue(skipped.get(0).message().contains("prevent-cross-region-failover"), skipped.get(0).message());
    }

    @Test
    void recoveryBlockPreventsASecondFailoverUntilAcknowledged() {
        Recoverer recoverer = recoverer(true, false, Duration.ofHours(1));
        round(recoverer);
        killPrimaryAsSeenByItsReplicas(east0, east1, west0);
        round(recoverer);
        assertEquals(List.of("POST /admin/db/promote {}"), east1.calls());
        assertEquals(AnalysisCode.NoProblem, round(recoverer).code());

        killPrimaryAsSeenByItsReplicas(east1, west0);
        assertEquals(AnalysisCode.DeadPrimary, round(recoverer).code());
        assertEquals(1, west0.calls().size(), "only the first repoint, no promotion");
        assertTrue(audit(AuditKind.SKIPPED).get(0).message().contains("recovery-block"));

        recoverer.acknowledge(ledger.recoveries().get(0).id(), "alice", "east-0 is gone for good");
        round(recoverer);
        assertEquals("POST /admin/db/promote {}", west0.calls().get(1), "after acknowledge the next one runs");
    }

    @Test
    void anUnreachablePrimaryWhoseReplicasStillReplicateTriggersNoRecovery() {
        Recoverer recoverer = recoverer(true, false, Duration.ofHours(1));
        east0.setDown(true);
        assertEquals(AnalysisCode.UnreachablePrimary, round(recoverer).code());
        round(recoverer);
        assertEquals(List.of(), east1.calls());
        assertEquals(List.of(), west0.calls());
        assertEquals(List.of(), ledger.recoveries());
        assertTrue(audit(AuditKind.SKIPPED).get(0).message().contains("UnreachablePrimary"));
    }

    @Test
    void twoWritablePrimariesAreReportedAsSplitBrainAndNothingIsDone() {
        Recoverer recoverer = recoverer(true, false, Duration.ofHours(1));
        west0.setStatus(FakeDbNode.status("db-node-west-0", "west", "primary", A + ":1-9," + C + ":1-3", null,
                "not-configured", null));
        assertEquals(AnalysisCode.SplitBrain, round(recoverer).code());
        assertEquals(List.of(), east0.calls());
        assertEquals(List.of(), west0.calls());
        assertEquals(List.of(), dns1.accepted());
    }

    @Test
    void aFollowerOrANodeWithoutQuorumDoesNothing() {
        Recoverer recoverer = recoverer(true, false, Duration.ofHours(1));
        round(recoverer);
        leader.set(false);
        killPrimaryAsSeenByItsReplicas(east0, east1, west0);
        round(recoverer);
        assertEquals(List.of(), east1.calls());
        assertTrue(audit(AuditKind.SKIPPED).get(0).message().contains("not the acting Raft leader"));

        leader.set(true);
        ledger.available = false;
        round(recoverer);
        assertEquals(List.of(), east1.calls(), "the record must commit before anything changes");
        assertTrue(audit(AuditKind.SKIPPED).get(1).message().contains("could not be committed"));

        ledger.available = true;
        round(recoverer);
        assertEquals(List.of("POST /admin/db/promote {}"), east1.calls(), "retried once a quorum is back");
    }

    @Test
    void automaticOffSkipsButAManualRecoverStillWorks() {
        Recoverer recoverer = recoverer(false, false, Duration.ofHours(1));
        round(recoverer);
        killPrimaryAsSeenByItsReplicas(east0, east1, west0);
        round(recoverer);
        assertEquals(List.of(), east1.calls());
        assertTrue(audit(AuditKind.SKIPPED).get(0).message().contains("automatic recovery is off"));

        Topology topology = poller.pollOnce();
        RecoveryRecord manual = recoverer.recover(topology, analyzer.analyze(topology), "manual", "db-node-west-0");
        assertEquals("manual", manual.kind());
        assertEquals(List.of("POST /admin/db/promote {}"), west0.calls());
        RecoveryException bad = assertThrows(RecoveryException.class, () -> recoverer.recover(poller.pollOnce(),
                analyzer.analyze(poller.current()), "manual", null));
        assertEquals("nothing_to_recover", bad.code());
    }

    @Test
    void gracefulTakeoverWaitsForTheCandidateThenSwitchesWithoutLosingWrites() {
        Recoverer recoverer = recoverer(true, false, Duration.ofHours(1));
        round(recoverer);
        RecoveryRecord done = recoverer.gracefulTakeover(poller.pollOnce(), "db-node-west-0");
        assertEquals("succeeded", done.outcome(), done.message());
        assertEquals("POST /admin/db/read-only {\"enabled\":true}", east0.calls().get(0));
        assertEquals(List.of("POST /admin/db/promote {}"), west0.calls());
        assertTrue(east0.calls().get(1).contains("replicate-from") && east0.calls().get(1).contains(west0.appUrl()));
        assertNotNull(done.dnsUpdatedAt());
        assertEquals(0, ledger.blockedUntilMillis(), "a planned switch does not block automatic recovery");
    }

    @Test
    void gracefulTakeoverGivesUpAndRestoresWritesWhenTheCandidateCannotCatchUp() {
        Recoverer recoverer = recoverer(true, false, Duration.ofHours(1));
        west0.setStatus(west0.status().copy().put("gtidExecuted", A + ":1-8"));
        Topology topology = poller.pollOnce();
        RecoveryException e = assertThrows(RecoveryException.class,
                () -> recoverer.gracefulTakeover(topology, "db-node-west-0"), topology.toJson().encode());
        assertEquals("catch_up_timeout", e.code(), topology.toJson().encode());
        assertEquals(List.of("POST /admin/db/read-only {\"enabled\":true}",
                "POST /admin/db/read-only {\"enabled\":false}"), east0.calls());
        assertEquals(List.of(), west0.calls());
    }

    /** How a db-node that restarted as primary looks: read-only, fenced, saying why. */
    private static JsonObject fenced(JsonObject status, String gtid) {
        return status.copy().put("role", "primary").put("source", (String) null).put("readOnly", true)
                .put("writable", false).put("fenced", true).put("gtidExecuted", gtid)
                .put("readOnlyReason", "restarted as primary: fenced until the orchestrator (or an operator) confirms"
                        + " it is still the primary")
                .put("replication", new JsonObject().put("state", "not-configured").put("secondsBehind", 0.0));
    }

    private static final String READ_ONLY_OFF = "POST /admin/db/read-only {\"enabled\":false,\"onlyIfFenced\":true}";

    @Test
    void theLeaderLiftsTheFenceOfAPrimaryRestartedBeforeAnyFailover() {
        Recoverer recoverer = recoverer(true, false, Duration.ofHours(1));
        assertEquals(AnalysisCode.NoProblem, round(recoverer).code());
        east0.setStatus(fenced(east0.status(), A + ":1-10"));

        leader.set(false);
        assertEquals(AnalysisCode.FencedPrimary, round(recoverer).code());
        round(recoverer);
        assertEquals(List.of(), east0.calls(), "a follower does not lift it");
        leader.set(true);

        assertEquals(AnalysisCode.FencedPrimary, round(recoverer).code());

        assertEquals(List.of(READ_ONLY_OFF), east0.calls());
        assertTrue(east0.status().getBoolean("writable"));
        List<AuditEntry> lifted = audit(AuditKind.FENCE_LIFTED);
        assertEquals(1, lifted.size(), audit.since(0).toString());
        assertTrue(lifted.get(0).message().contains("db-node-east-0"), lifted.get(0).message());
        assertEquals(1, audit(AuditKind.SKIPPED).stream()
                .filter(e -> e.message().contains("not the acting Raft leader")).count(), "said once");
        assertEquals(AnalysisCode.NoProblem, round(recoverer).code(), "the primary takes writes again");
        assertEquals(List.of(), ledger.recoveries(), "lifting a fence is no failover: no record, no block");
        assertEquals(List.of(), east1.calls());
        assertEquals(List.of(), dns1.accepted());
    }

    @Test
    void anOperatorsReadOnlyBetweenThePollAndTheLiftIsLeftAlone() {
        Recoverer recoverer = recoverer(true, false, Duration.ofHours(1));
        east0.setStatus(fenced(east0.status(), A + ":1-10"));
        Topology polled = poller.pollOnce();
        Analysis analysis = analyzer.analyze(polled);
        assertEquals(AnalysisCode.FencedPrimary, analysis.code());
        // Before the leader acts, an operator puts the node in read-only mode on purpose (no longer a fence).
        east0.setStatus(east0.status().copy().put("fenced", false).put("readOnlyReason", "read-only mode is on"));

        recoverer.onAnalysis(polled, analysis);

        assertEquals(List.of(READ_ONLY_OFF), east0.calls(), "the conditional lift was asked");
        assertTrue(east0.status().getBoolean("readOnly"), "and refused: the operator's read-only stays");
        assertEquals(List.of(), audit(AuditKind.FENCE_LIFTED));
        assertTrue(audit(AuditKind.SKIPPED).get(0).message().contains("not_fenced")
                || audit(AuditKind.SKIPPED).get(0).message().contains("409"), audit.since(0).toString());
        assertEquals(AnalysisCode.NoProblem, round(recoverer).code(), "a deliberately read-only primary is no fence");
        assertEquals(1, east0.calls().size());
    }

    @Test
    void withAutomaticRecoveryOffTheFenceStays() {
        Recoverer recoverer = recoverer(false, false, Duration.ofHours(1));
        east0.setStatus(fenced(east0.status(), A + ":1-10"));
        assertEquals(AnalysisCode.FencedPrimary, round(recoverer).code());
        round(recoverer);
        assertEquals(List.of(), east0.calls());
        assertTrue(audit(AuditKind.SKIPPED).get(0).message().contains("automatic recovery is off"));
    }

    @Test
    void aFormerPrimaryBackFencedAfterAFailoverKeepsItsFence() {
        Recoverer recoverer = recoverer(true, false, Duration.ofHours(1));
        round(recoverer);
        killPrimaryAsSeenByItsReplicas(east0, east1, west0);
        round(recoverer);
        assertEquals(List.of("POST /admin/db/promote {}"), east1.calls());
        east1.setStatus(east1.status().copy().put("gtidExecuted", A + ":1-10," + C + ":1-3"));

        // The supervisor restarts east-0: fenced, with two writes east-1 never got.
        east0.setStatus(fenced(east0.status(), A + ":1-12"));
        east0.setDown(false);

        for (int i = 0; i < 3; i++) {
            Analysis analysis = round(recoverer);
            assertEquals(AnalysisCode.FencedFormerPrimary, analysis.code(), analysis.toJson().encode());
            assertEquals("db-node-east-1", analysis.primary());
            assertTrue(analysis.evidence().toString().contains("2 transactions db-node-east-1 lacks: " + A
                    + ":11-12"), analysis.evidence().toString());
        }
        assertEquals(List.of(), east0.calls(), "no read-only off, no repoint: a human reconciles");
        assertEquals(1, ledger.recoveries().size(), "no second failover");
        assertEquals(List.of(), audit(AuditKind.FENCE_LIFTED));
        assertTrue(audit(AuditKind.SKIPPED).stream().anyMatch(e -> e.message().contains("FencedFormerPrimary")
                && e.message().contains("a human reconciles")), audit.since(0).toString());
    }

    @Test
    void aPrimaryAFailoverReplacedIsNotUnfencedUntilThatRecoveryIsAcknowledged() {
        Recoverer recoverer = recoverer(true, false, Duration.ofHours(1));
        round(recoverer);
        killPrimaryAsSeenByItsReplicas(east0, east1, west0);
        round(recoverer);
        assertEquals("succeeded", ledger.recoveries().get(0).outcome());
        // An operator turns it back by hand (east-1 and west-0 follow east-0 again), outside the orchestrator.
        east0.setStatus(fenced(east0.status(), A + ":1-10"));
        east0.setDown(false);
        east1.setStatus(FakeDbNode.status("db-node-east-1", "east", "replica", A + ":1-10", east0.appUrl(),
                "streaming", 100L));
        west0.setStatus(FakeDbNode.status("db-node-west-0", "west", "replica", A + ":1-10", east0.appUrl(),
                "streaming", 100L));

        assertEquals(AnalysisCode.FencedPrimary, round(recoverer).code());
        round(recoverer);
        assertEquals(List.of(), east0.calls(), "the Raft-recorded failover says east-0 was replaced");
        List<AuditEntry> skipped = audit(AuditKind.SKIPPED).stream()
                .filter(e -> "replaced_primary".equals(e.details().getString("reason"))).toList();
        assertEquals(1, skipped.size(), audit.since(0).toString());

        recoverer.acknowledge(ledger.recoveries().get(0).id(), "alice", "east-0 is the primary again");
        round(recoverer);
        assertEquals(List.of(READ_ONLY_OFF), east0.calls());
    }

    private List<AuditKind> kinds() {
        return audit.since(0).stream().map(AuditEntry::kind).filter(k -> k != AuditKind.SKIPPED).toList();
    }

    private List<AuditEntry> audit(AuditKind kind) {
        return new ArrayList<>(audit.since(0).stream().filter(e -> e.kind() == kind).toList());
    }

    private static FakeDbNode replicaOf(FakeDbNode primary, String name, String region, String gtid) {
        return new FakeDbNode(TOKEN, FakeDbNode.status(name, region, "replica", gtid, primary.appUrl(), "streaming",
                150L));
    }

    private static DbNodeTarget target(String name, String region, FakeDbNode node) {
        return new DbNodeTarget(name, region, node.adminUrl(), name + ".db.lab.internal.");
    }

    private static org.xbill.DNS.Name name(String text) {
        try {
            return org.xbill.DNS.Name.fromString(text);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
