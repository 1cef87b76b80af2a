package dev.outagelab.statuspage.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outagelab.statuspage.Eventually;
import dev.outagelab.statuspage.FakeDnsServer;
import dev.outagelab.statuspage.FakeHttpServer;
import dev.outagelab.statuspage.FakeTarget;
import dev.outagelab.statuspage.core.ComponentChange;
import dev.outagelab.statuspage.core.ComponentDef;
import dev.outagelab.statuspage.core.ComponentStatus;
import dev.outagelab.statuspage.core.ComponentTracker;
import dev.outagelab.statuspage.core.RuleSettings;
import dev.outagelab.statuspage.core.Sample;
import dev.outagelab.statuspage.core.StateRules;
import dev.outagelab.statuspage.core.Target;
import io.vertx.core.Vertx;

/**
 * The engine against real servers on loopback: a DNS server over UDP, an HTTP edge that hangs, a readiness
 * endpoint that flips. 200ms rounds, 150ms timeout, default rules (worse after 2 evaluations, better after 3).
 */
class ProbeEngineTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofMillis(150);
    /** Worse after 2 rounds plus one for the probe itself: 3 rounds, with generous slack for a loaded machine. */
    private static final Duration BOUND = Duration.ofSeconds(4);

    private final Clock clock = Clock.systemUTC();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, AtomicInteger> samples = new ConcurrentHashMap<>();
    private final List<ComponentChange> changes = Collections.synchronizedList(new ArrayList<>());
    private Vertx vertx;

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private <T extends AutoCloseable> T started(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private ProbeEngine engine(List<ComponentDef> defs, List<Probe> probes) {
        StateRules rules = new StateRules(new RuleSettings(Duration.ofSeconds(1), 0.2, 0.5, 0.5, Duration.ofMillis(500),
                95, 2, 3));
        List<ComponentTracker> trackers = defs.stream().map(d -> new ComponentTracker(d, rules, null)).toList();
        ProbeEngine engine = new ProbeEngine(INTERVAL, clock, trackers, probes, new ProbeEngine.Listener() {
            @Override
            public void sampled(String componentKey, Sample sample) {
                samples.computeIfAbsent(componentKey, k -> new AtomicInteger()).incrementAndGet();
            }

            @Override
            public void changed(ComponentChange change) {
                changes.add(change);
            }

            @Override
            public void roundFinished(Instant at, long rounds) {
            }
        });
        closeables.add(engine);
        return engine;
    }

    private static ComponentDef def(String key) {
        return new ComponentDef(key, key, null, key);
    }

    private static void assertStatus(ProbeEngine engine, String key, ComponentStatus expected) {
        var state = engine.tracker(key).state();
        assertTrue(state != null && state.status() == expected, key + " is " + state + ", expected " + expected);
    }

    @Test
    void hungEdgeDoesNotDelayTheOthersAndStatesChangeWithinTheBound() throws Exception {
        FakeDnsServer dns = started(new FakeDnsServer());
        FakeHttpServer hungEdge = started(new FakeHttpServer(request -> null));
        FakeHttpServer edge = started(new FakeHttpServer(request -> "news.lab".equals(request.host())
                ? new FakeHttpServer.Answer(200, "<h1>news</h1>")
                : new FakeHttpServer.Answer(404, "no such site " + request.host())));
        FakeTarget orchestrator = started(new FakeTarget(200));
        var client = vertx.createHttpClient();
        ProbeEngine engine = engine(List.of(def("cdn-hung"), def("cdn-ok"), def("dns"), def("orchestration")), List.of(
                new CdnCheck("cdn-hung", "hung", URI.create(hungEdge.baseUrl() + "/"), "news.lab", TIMEOUT, clock, client),
                new CdnCheck("cdn-ok", "ok", URI.create(edge.baseUrl() + "/"), "news.lab", TIMEOUT, clock, client),
                new DnsCheck("dns", dns.address(), "origin.news.lab.internal", TIMEOUT, clock),
                new InstanceProbe(new Target("orchestrator-0", "orchestrator", "east",
                        URI.create(orchestrator.healthUrl())), new HttpProbe(TIMEOUT, clock), List.of("orchestration"),
                        result -> { })));
        engine.start();

        Eventually.within(BOUND, () -> {
            assertStatus(engine, "cdn-hung", ComponentStatus.MAJOR_OUTAGE);
            assertStatus(engine, "cdn-ok", ComponentStatus.OPERATIONAL);
            assertStatus(engine, "dns", ComponentStatus.OPERATIONAL);
            assertStatus(engine, "orchestration", ComponentStatus.OPERATIONAL);
        });
        assertTrue(engine.tracker("cdn-hung").state().reason().contains("timeout after 150ms"),
                engine.tracker("cdn-hung").state().reason());

        // While the hung edge eats its whole timeout every round, the others are still sampled every round.
        int dnsBefore = samples.get("dns").get();
        int okBefore = samples.get("cdn-ok").get();
        long roundsBefore = engine.roundsCompleted();
        Eventually.within(BOUND, () -> assertTrue(engine.roundsCompleted() >= roundsBefore + 8));
        long rounds = engine.roundsCompleted() - roundsBefore;
        assertTrue(samples.get("dns").get() - dnsBefore >= rounds - 1, "dns sampled every round");
        assertTrue(samples.get("cdn-ok").get() - okBefore >= rounds - 1, "the good edge sampled every round");

        dns.mode(FakeDnsServer.Mode.SERVFAIL);
        orchestrator.close();
        Eventually.within(BOUND, () -> {
            assertStatus(engine, "dns", ComponentStatus.MAJOR_OUTAGE);
            assertStatus(engine, "orchestration", ComponentStatus.MAJOR_OUTAGE);
        });
        assertTrue(engine.tracker("dns").state().reason().contains("SERVFAIL"), engine.tracker("dns").state().reason());

        dns.mode(FakeDnsServer.Mode.SILENT);
        Eventually.within(BOUND, () -> assertTrue(engine.tracker("dns").state().reason().contains("timeout"),
                engine.tracker("dns").state().reason()));

        dns.mode(FakeDnsServer.Mode.ANSWER);
        // Better needs 3 good evaluations and the 1s window must drain the failures.
        Eventually.within(BOUND.plusSeconds(1), () -> assertStatus(engine, "dns", ComponentStatus.OPERATIONAL));
    }

    @Test
    void databaseCheckWritesToThePrimaryByNameAndReadsBackFromAReplica() throws Exception {
        FakeDnsServer dns = started(new FakeDnsServer());
        Map<String, String> replicated = new ConcurrentHashMap<>();
        AtomicInteger replicaDelayRounds = new AtomicInteger();
        FakeHttpServer primary = started(new FakeHttpServer(request -> {
            if (request.method().equals("PUT")) {
                replicated.put(request.path(), request.body());
                return new FakeHttpServer.Answer(200, "{\"key\":\"k\",\"gtid\":\"uuid:1\"}");
            }
            return new FakeHttpServer.Answer(405, "");
        }));
        FakeHttpServer replica = started(new FakeHttpServer(request -> {
            String value = replicated.get(request.path());
            return value == null || replicaDelayRounds.get() > 0 ? new FakeHttpServer.Answer(404, "{}")
                    : new FakeHttpServer.Answer(200, value);
        }));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ProbeEngine engine = engine(List.of(def("db-writes"), def("db-reads")), List.of(new DatabaseCheck("db-writes",
                "db-reads", "primary.db.lab.internal", Map.of("db-node-east-0", URI.create(primary.baseUrl()),
                        "db-node-west-0", URI.create(replica.baseUrl())), List.of(dns.address()), "test", TIMEOUT,
                clock, client)));
        engine.start();
        Eventually.within(BOUND, () -> {
            assertStatus(engine, "db-writes", ComponentStatus.OPERATIONAL);
            assertStatus(engine, "db-reads", ComponentStatus.OPERATIONAL);
        });
        assertTrue(replicated.keySet().stream().anyMatch(k -> k.equals("/kv/status-page-probe/test")), replicated.keySet()
                .toString());

        replicaDelayRounds.set(1); // the replica stops applying: reads fail, writes do not
        Eventually.within(BOUND, () -> assertStatus(engine, "db-reads", ComponentStatus.MAJOR_OUTAGE));
        assertStatus(engine, "db-writes", ComponentStatus.OPERATIONAL);
        assertTrue(engine.tracker("db-reads").state().reason().contains("replica db-node-west-0 did not return"),
                engine.tracker("db-reads").state().reason());

        dns.primaryNode("db-node-nowhere"); // a failover to a node nobody configured
        Eventually.within(BOUND, () -> assertStatus(engine, "db-writes", ComponentStatus.MAJOR_OUTAGE));
        assertTrue(engine.tracker("db-writes").state().reason().contains("not a known db node"),
                engine.tracker("db-writes").state().reason());
    }

    @Test
    void leaderCheckPassesOnlyWithExactlyOneLeader() throws Exception {
        AtomicInteger leaders = new AtomicInteger(1);
        List<URI> orchestrators = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int index = i;
            FakeHttpServer server = started(new FakeHttpServer(request -> request.path().equals("/api/leader-check")
                    && index < leaders.get() ? new FakeHttpServer.Answer(200, "leader")
                    : new FakeHttpServer.Answer(503, "follower")));
            orchestrators.add(URI.create(server.baseUrl()));
        }
        LeaderCheck check = new LeaderCheck("orchestration", orchestrators, Duration.ofSeconds(2), clock,
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());

        Sample one = check.run().get().get(0).sample();
        assertTrue(one.ok(), one.reason());
        leaders.set(0);
        Sample none = check.run().get().get(0).sample();
        assertEquals(false, none.ok());
        assertTrue(none.reason().startsWith("no orchestrator is leader"), none.reason());
        leaders.set(2);
        Sample two = check.run().get().get(0).sample();
        assertTrue(two.reason().startsWith("2 orchestrators claim to lead"), two.reason());
    }
}
