package dev.outagelab.orchestrator.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import dev.outagelab.orchestrator.support.Eventually;
import dev.outagelab.orchestrator.support.FreePorts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The postmortem's guard rails and Raft's isolation rule with real processes: three db-nodes (east-0 primary,
 * east-1 and west-0 its replicas), one dns-resolver and three orchestrators, all from their packaged jars on
 * loopback. The db-nodes and the resolver live for the whole class; the orchestrators are started twice, once per
 * guard-rail configuration, each time with fresh Raft storage (a recovery block in the log would otherwise carry
 * over). The steps run in order and each leaves the topology the next one starts from.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuardRailsIT {

    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(1);
    /** Numeric users for the three orchestrators when running as root; no account needs to exist. */
    private static final int FIRST_UID = 47_301;
    private static final String RULE_COMMENT = "outage-lab-orchestrator-it";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final String token = secret(24, Base64.getUrlEncoder().withoutPadding());
    private final String tsigSecret = secret(32, Base64.getEncoder());
    private final boolean root = "root".equals(System.getProperty("user.name"));
    private final List<List<String>> installedRules = new ArrayList<>();

    private Path dir;
    private Path dbNodeJar;
    private int dnsPort;
    private ServiceProcess resolver;
    private ServiceProcess east0;
    private ServiceProcess east1;
    private ServiceProcess west0;
    private List<ServiceProcess> orchestrators = List.of();
    private Map<String, Integer> raftPorts = Map.of();

    @BeforeAll
    void startTheLab() throws IOException {
        dir = Files.createTempDirectory("orchestrator-it-");
        // The orchestrators may run as other users (see ServiceProcess); they need to reach their directories.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        // Our own copies: db-node's and dns-resolver's builds may rewrite their target/ while these tests run.
        dbNodeJar = ServiceProcess.snapshot("db-node", dir.resolve("apps"));
        Path resolverJar = ServiceProcess.snapshot("dns-resolver", dir.resolve("apps"));
        dnsPort = FreePorts.next();
        resolver = new ServiceProcess(resolverJar, "dns-resolver-0", "east", dir.resolve("dns-resolver-0"),
                Map.of("dns.port", Integer.toString(dnsPort)), secrets(true), OptionalInt.empty());
        east0 = dbNode("db-node-east-0", "east", null);
        east1 = dbNode("db-node-east-1", "east", east0);
        west0 = dbNode("db-node-west-0", "west", east0);
        for (ServiceProcess p : List.of(resolver, east0, east1, west0)) {
            p.start();
        }
        for (ServiceProcess p : List.of(resolver, east0, east1, west0)) {
            p.awaitReady(START);
        }
        startOrchestrators("cross-region", Map.of(
                "orchestrator.recovery.prevent-cross-region-failover", "true"));
        awaitHealthyTopology();
    }

    @AfterAll
    void stopEverything() {
        try {
            removeIsolation();
        } finally {
            Stream.concat(orchestrators.stream(), Stream.of(east0, east1, west0, resolver))
                    .filter(p -> p != null).forEach(ServiceProcess::close);
            deleteRecursively(dir);
        }
    }

    /**
     * GitHub 2018 with the fix on: east's other replica is down, then the east primary dies. The only candidate
     * is in west, so nothing is promoted, the leader's audit says why, and DNS keeps naming the east primary.
     */
    @Test
    @Order(1)
    void preventCrossRegionFailoverLeavesAWestOnlyCandidateUnpromoted() {
        east1.stop();
        Eventually.await("the orchestrators seeing db-node-east-1 unreachable", Duration.ofSeconds(20),
                () -> !reachable(leader(), "db-node-east-1"));
        east0.kill();

        JsonObject skip = Eventually.value("an audited skip for prevent-cross-region-failover", Duration.ofSeconds(30),
                () -> auditEntries().filter(e -> "SKIPPED".equals(e.getString("kind")))
                        .filter(e -> e.getString("message").contains("prevent-cross-region-failover"))
                        .findFirst().orElse(null));
        assertEquals("no_candidate", skip.getJsonObject("details").getString("reason"), skip.encode());
        assertTrue(skip.getString("message").contains("db-node-west-0: in west"), skip.encode());

        ServiceProcess leader = leader();
        awaitFurtherRounds(leader, 3);
        JsonObject analysis = json(leader.appUrl() + "/api/analysis");
        assertEquals("DeadPrimaryAndSomeReplicas", analysis.getString("code"), analysis.encode());
        assertEquals("db-node-east-0", analysis.getString("primary"));
        for (ServiceProcess o : orchestrators) {
            assertEquals(0, json(o.appUrl() + "/api/recoveries").getJsonArray("recoveries").size(), o.name);
            assertTrue(auditEntries(o).noneMatch(e -> "PROMOTION".equals(e.getString("kind"))
                    || "DNS_UPDATE".equals(e.getString("kind"))), o.name + " promoted or updated DNS");
        }
        JsonObject west = dbStatus(west0);
        assertEquals("replica", west.getString("role"), west.encode());
        assertFalse(west.getBoolean("writable"), west.encode());
        assertEquals("db-node-east-0", primaryInDns());
    }

    /**
     * The anti-flapping block: a first failover (east-0 → east-1) runs; when east-1 dies inside the block, the
     * leader detects it but does not fail over again, and says so. West-0 would be an eligible candidate here
     * (prevent-cross-region-failover is off), so only the block stops it.
     */
    @Test
    @Order(2)
    void recoveryBlockPreventsASecondFailover() {
        east0.start();
        east1.start();
        east0.awaitReady(START);
        long east0Ready = System.nanoTime();
        // East-0 was the primary when it died and nobody replaced it (step 1 refused the cross-region failover):
        // it restarts fenced (read-only), and the leader, seeing it undisputed, lifts the fence within a couple of
        // polls (1 s each; the bound leaves room for a loaded machine).
        Eventually.await("db-node-east-0 writable within 10 s of answering", Duration.ofSeconds(10),
                () -> dbStatus(east0).getBoolean("writable"));
        System.out.printf("restart fence of db-node-east-0 lifted %d ms after it was ready%n",
                (System.nanoTime() - east0Ready) / 1_000_000);
        east1.awaitReady(START);
        JsonObject lifted = Eventually.value("the leader lifting db-node-east-0's restart fence",
                Duration.ofSeconds(30), () -> auditEntries().filter(e -> "FENCE_LIFTED".equals(e.getString("kind")))
                        .filter(e -> e.getString("message").contains("db-node-east-0")).findFirst().orElse(null));
        assertEquals("FencedPrimary", lifted.getJsonObject("details").getJsonObject("analysis").getString("code"),
                lifted.encode());
        Eventually.await("db-node-east-0 writable again", Duration.ofSeconds(10),
                () -> dbStatus(east0).getBoolean("writable") && !dbStatus(east0).getBoolean("fenced"));
        stopOrchestrators();
        startOrchestrators("recovery-block", Map.of("orchestrator.recovery.recovery-block", "1h"));
        awaitHealthyTopology();

        assertEquals(200, put(east0.appUrl() + "/kv/it-before", "written before the first failover").statusCode());
        east0.kill();
        Eventually.await("primary.db.lab.internal moved to db-node-east-1", Duration.ofSeconds(30),
                () -> "db-node-east-1".equals(primaryInDns()));
        // DNS moves before the final record commits: wait for the outcome rather than read it once.
        JsonObject recoveries = Eventually.value("the recovery recorded as succeeded", Duration.ofSeconds(20), () -> {
            JsonObject r = json(leader().appUrl() + "/api/recoveries");
            JsonArray l = r.getJsonArray("recoveries");
            return l.size() == 1 && "succeeded".equals(l.getJsonObject(0).getString("outcome")) ? r : null;
        });
        JsonArray list = recoveries.getJsonArray("recoveries");
        assertEquals("db-node-east-1", list.getJsonObject(0).getString("promoted"));
        assertTrue(Instant.parse(recoveries.getString("blockedUntil")).isAfter(Instant.now().plusSeconds(3000)),
                recoveries.encode());
        assertEquals("written before the first failover", get(east1.appUrl() + "/kv/it-before").body());
        Eventually.await("db-node-west-0 replicating from db-node-east-1", Duration.ofSeconds(20), () -> {
            JsonObject s = dbStatus(west0);
            return east1.appUrl().equals(s.getString("source"))
                    && "streaming".equals(s.getJsonObject("replication").getString("state"));
        });

        east1.kill();
        JsonObject blocked = Eventually.value("an audited skip for recovery-block", Duration.ofSeconds(30),
                () -> auditEntries().filter(e -> "SKIPPED".equals(e.getString("kind")))
                        .filter(e -> e.getString("message").contains("recovery-block"))
                        .findFirst().orElse(null));
        assertEquals("guard_rail", blocked.getJsonObject("details").getString("reason"), blocked.encode());
        assertTrue(blocked.getString("message").contains("db-node-east-1"), blocked.encode());

        ServiceProcess leader = leader();
        awaitFurtherRounds(leader, 3);
        JsonObject analysis = json(leader.appUrl() + "/api/analysis");
        assertEquals("DeadPrimary", analysis.getString("code"), analysis.encode());
        assertEquals("db-node-east-1", analysis.getString("primary"));
        assertEquals(1, json(leader.appUrl() + "/api/recoveries").getJsonArray("recoveries").size());
        JsonObject west = dbStatus(west0);
        assertEquals("replica", west.getString("role"), west.encode());
        assertFalse(west.getBoolean("writable"), west.encode());
        assertEquals("db-node-east-1", primaryInDns());
    }

    /**
     * The network between the leader and the other two goes away (iptables drops every packet of the leader's
     * process to or from a Raft port, and every packet to the leader's Raft port): the leader stops acting within
     * one election timeout, and the two others elect a new one. Needs root for the rules.
     */
    @Test
    @Order(3)
    void aLeaderCutOffFromTheOtherTwoStopsActingAndTheOthersElectOne() {
        Assumptions.assumeTrue(root, "isolating a node needs iptables, which needs root; running as "
                + System.getProperty("user.name"));
        Assumptions.assumeTrue(commandSucceeds(List.of("iptables", "-w", "-L", "OUTPUT", "-n")),
                "iptables is not usable here");
        ServiceProcess old = leader();
        int uid = FIRST_UID + orchestrators.indexOf(old);
        String allRaftPorts = raftPorts.values().stream().map(String::valueOf).collect(Collectors.joining(","));
        int oldPort = raftPorts.get(old.name);

        long cutAt = System.nanoTime();
        isolate(List.of("-p", "tcp", "-m", "owner", "--uid-owner", Integer.toString(uid),
                "-m", "multiport", "--ports", allRaftPorts));
        isolate(List.of("-p", "tcp", "--dport", Integer.toString(oldPort)));

        Eventually.await(old.name + " no longer answering 200 on /api/leader-check", Duration.ofSeconds(10),
                () -> ServiceProcess.status(old.appUrl() + "/api/leader-check") != 200);
        Duration stoppedActing = Duration.ofNanos(System.nanoTime() - cutAt);
        System.out.printf("isolated leader %s stopped acting %d ms after the cut%n", old.name,
                stoppedActing.toMillis());
        assertTrue(stoppedActing.compareTo(ELECTION_TIMEOUT.plusSeconds(1)) <= 0,
                "stopped acting only after " + stoppedActing.toMillis() + " ms");

        ServiceProcess successor = Eventually.value("a new acting leader among the other two", Duration.ofSeconds(20),
                () -> orchestrators.stream().filter(o -> o != old)
                        .filter(o -> ServiceProcess.status(o.appUrl() + "/api/leader-check") == 200)
                        .findFirst().orElse(null));
        assertNotEquals(old.name, successor.name);
        System.out.printf("new leader %s acting %d ms after the cut%n", successor.name,
                Duration.ofNanos(System.nanoTime() - cutAt).toMillis());
        assertNotEquals(200, ServiceProcess.status(old.appUrl() + "/api/leader-check"), old.name + " acts again");

        removeIsolation();
        Eventually.await(old.name + " rejoining as a follower of " + successor.name, Duration.ofSeconds(30),
                () -> successor.name.equals(json(old.appUrl() + "/api/raft").getString("leader"))
                        && ServiceProcess.status(old.appUrl() + "/api/leader-check") != 200);
    }

    // --- the lab ---

    private ServiceProcess dbNode(String name, String region, ServiceProcess source) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("db.role", source == null ? "primary" : "replica");
        if (source != null) {
            props.put("db.source", source.appUrl());
        }
        return new ServiceProcess(dbNodeJar, name, region, dir.resolve(name), props, secrets(false),
                OptionalInt.empty());
    }

    /** Three orchestrators with fresh Raft storage; {@code extra} holds the guard-rail settings under test. */
    private void startOrchestrators(String phase, Map<String, String> extra) {
        List<String> names = List.of("orchestrator-east", "orchestrator-west", "orchestrator-cloud");
        Map<String, Integer> ports = new LinkedHashMap<>();
        names.forEach(n -> ports.put(n, FreePorts.next()));
        String peers = ports.entrySet().stream().map(e -> e.getKey() + "=127.0.0.1:" + e.getValue())
                .collect(Collectors.joining(","));
        List<ServiceProcess> started = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Map<String, String> props = new LinkedHashMap<>();
            props.put("orchestrator.raft.self", name);
            props.put("orchestrator.raft.peers", peers);
            props.put("orchestrator.raft.election-timeout", ELECTION_TIMEOUT.toMillis() + "ms");
            for (ServiceProcess db : List.of(east0, east1, west0)) {
                props.put("orchestrator.db-nodes." + db.name + ".region", db.name.contains("west") ? "west" : "east");
                props.put("orchestrator.db-nodes." + db.name + ".admin-url", db.managementUrl());
            }
            props.put("orchestrator.dns.servers", "127.0.0.1:" + dnsPort);
            props.putAll(extra);
            OptionalInt uid = root ? OptionalInt.of(FIRST_UID + i) : OptionalInt.empty();
            String region = name.substring("orchestrator-".length());
            ServiceProcess o = new ServiceProcess(ServiceProcess.jar("orchestrator"), name, region,
                    dir.resolve(phase).resolve(name), props, secrets(true), uid);
            started.add(o);
        }
        orchestrators = List.copyOf(started);
        raftPorts = Map.copyOf(ports);
        try {
            Files.createDirectories(dir.resolve(phase));
            Files.setPosixFilePermissions(dir.resolve(phase), PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        orchestrators.forEach(ServiceProcess::start);
        orchestrators.forEach(o -> o.awaitReady(START));
    }

    private void stopOrchestrators() {
        orchestrators.forEach(ServiceProcess::stop);
    }

    /** An acting leader whose analysis is NoProblem with every db-node reachable and both replicas streaming. */
    private void awaitHealthyTopology() {
        Eventually.await("an acting leader seeing a healthy topology", START, () -> {
            JsonObject analysis = json(leader().appUrl() + "/api/analysis");
            return "NoProblem".equals(analysis.getString("code"))
                    && "db-node-east-0".equals(analysis.getString("primary"))
                    && Stream.of(east1, west0).allMatch(r -> {
                        JsonObject s = dbStatus(r);
                        return "streaming".equals(s.getJsonObject("replication").getString("state"));
                    })
                    && Stream.of(east0, east1, west0).allMatch(d -> reachable(leader(), d.name));
        });
    }

    /** The acting leader now (polls up to 20 s: one may be in the middle of an election). */
    private ServiceProcess leader() {
        return Eventually.value("an acting orchestrator leader", Duration.ofSeconds(20),
                () -> orchestrators.stream()
                        .filter(o -> ServiceProcess.status(o.appUrl() + "/api/leader-check") == 200)
                        .findFirst().orElse(null));
    }

    /** Waits until the node has analysed {@code rounds} more polling rounds: time for a wrong action to show. */
    private void awaitFurtherRounds(ServiceProcess orchestrator, int rounds) {
        Instant from = Instant.parse(json(orchestrator.appUrl() + "/api/analysis").getString("at"));
        Eventually.await(rounds + " more analysis rounds on " + orchestrator.name, Duration.ofSeconds(20),
                () -> Instant.parse(json(orchestrator.appUrl() + "/api/analysis").getString("at"))
                        .isAfter(from.plusSeconds(rounds)));
    }

    private boolean reachable(ServiceProcess orchestrator, String dbNode) {
        JsonArray nodes = json(orchestrator.appUrl() + "/api/topology").getJsonArray("nodes");
        for (int i = 0; i < nodes.size(); i++) {
            if (dbNode.equals(nodes.getJsonObject(i).getString("name"))) {
                return Boolean.TRUE.equals(nodes.getJsonObject(i).getBoolean("reachable"));
            }
        }
        throw new AssertionError(dbNode + " not in the topology of " + orchestrator.name);
    }

    /** Every orchestrator's audit entries (each node audits what it did itself), oldest first. */
    private Stream<JsonObject> auditEntries() {
        return orchestrators.stream().flatMap(this::auditEntries)
                .sorted(Comparator.comparing(e -> e.getString("at")));
    }

    private Stream<JsonObject> auditEntries(ServiceProcess orchestrator) {
        JsonArray entries = json(orchestrator.appUrl() + "/api/audit?since=0").getJsonArray("entries");
        List<JsonObject> list = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            list.add(entries.getJsonObject(i));
        }
        return list.stream();
    }

    private JsonObject dbStatus(ServiceProcess db) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(db.managementUrl() + "/admin/db/status"))
                .header("Authorization", "Bearer " + token).GET());
        assertEquals(200, r.statusCode(), db.name + ": " + r.body());
        return new JsonObject(r.body());
    }

    /** The CNAME target of primary.db.lab.internal at the resolver, as an instance name (its first label). */
    private String primaryInDns() {
        try {
            SimpleResolver dns = new SimpleResolver("127.0.0.1");
            dns.setPort(dnsPort);
            dns.setTimeout(Duration.ofSeconds(2));
            Message answer = dns.send(Message.newQuery(Record.newRecord(Name.fromString("primary.db.lab.internal."),
                    Type.CNAME, DClass.IN)));
            return answer.getSection(Section.ANSWER).stream().filter(CNAMERecord.class::isInstance)
                    .map(r -> ((CNAMERecord) r).getTarget().getLabelString(0)).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    // --- isolation by iptables (root only), removed in finally by exactly the rules added ---

    private void isolate(List<String> match) {
        List<String> rule = new ArrayList<>(List.of("OUTPUT", "-o", "lo"));
        rule.addAll(match);
        rule.addAll(List.of("-m", "comment", "--comment", RULE_COMMENT, "-j", "DROP"));
        List<String> add = new ArrayList<>(List.of("iptables", "-w", "-I"));
        add.addAll(rule);
        assertTrue(commandSucceeds(add), "iptables refused " + add);
        installedRules.add(rule);
    }

    private void removeIsolation() {
        for (List<String> rule : installedRules) {
            List<String> delete = new ArrayList<>(List.of("iptables", "-w", "-D"));
            delete.addAll(rule);
            commandSucceeds(delete);
        }
        installedRules.clear();
    }

    private static boolean commandSucceeds(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // --- plumbing ---

    private Map<String, String> secrets(boolean withTsig) {
        return withTsig ? Map.of("LAB_ADMIN_TOKEN", token, "DNS_TSIG_SECRET", tsigSecret)
                : Map.of("LAB_ADMIN_TOKEN", token);
    }

    private JsonObject json(String url) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).GET());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return new JsonObject(r.body());
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private HttpResponse<String> put(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String secret(int bytes, Base64.Encoder encoder) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return encoder.encodeToString(b);
    }

    private static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
