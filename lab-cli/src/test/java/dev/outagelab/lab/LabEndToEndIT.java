package dev.outagelab.lab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outagelab.lab.LabTestSupport.CliResult;
import dev.outagelab.lab.http.Json;
import dev.outagelab.lab.local.LabProcesses;
import dev.outagelab.lab.topology.Instance;
import dev.outagelab.lab.topology.Ports;
import dev.outagelab.lab.topology.Topology;
import org.junit.jupiter.api.AfterAll;
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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.outagelab.lab.LabTestSupport.await;
import static dev.outagelab.lab.LabTestSupport.lab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole lab from the packaged jars, driven through the `lab` command as a user would: up, status,
 * stop/start, a SIGKILL the supervisor must repair, a failover of the primary, the old primary back fenced, down. One lab for the class; the steps run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabEndToEndIT {

    private static final String VICTIM = "db-node-east-1";
    private static final String KILLED = "dns-resolver-2";

    // HTTP/1.1 as the lab's users send it (the JDK would otherwise try an h2c upgrade on every request).
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final Topology topology = Topology.standard();
    private Path stateDir;
    private int offset;
    private CliResult up;
    private Duration upTook;

    @BeforeAll
    void up() throws IOException {
        stateDir = Files.createTempDirectory("lab-e2e-");
        offset = LabTestSupport.freePortOffset();
        long begin = System.nanoTime();
        up = lab("up", "--state-dir", stateDir.toString(), "--port-offset", Integer.toString(offset),
                "--timeout", "300s");
        upTook = Duration.ofNanos(System.nanoTime() - begin);
        System.out.println(up.out() + up.err());
    }

    @AfterAll
    void down() {
        try {
            CliResult down = lab("down", "--state-dir", stateDir.toString());
            System.out.println(down.out() + down.err());
        } finally {
            LabTestSupport.deleteRecursively(stateDir);
        }
    }

    @Test
    @Order(1)
    void upStartsThirteenInstancesThatAreAllReady() {
        assertEquals(0, up.exitCode(), up.err());
        List<JsonNode> instances = status();
        assertEquals(topology.names(), instances.stream().map(i -> i.get("name").asText()).toList());
        instances.forEach(i -> assertEquals("ready", i.get("state").asText(), i.toString()));
        long rss = instances.stream().mapToLong(i -> LabTestSupport.rssKilobytes(i.get("pid").asLong())).sum();
        System.out.printf("lab up took %.1fs; total RSS of the 13 instances: %d MiB%n",
                upTook.toMillis() / 1000.0, rss / 1024);
    }

    @Test
    @Order(2)
    void theStatusPageShowsEveryInstanceUpAndEveryComponentOperational() {
        // Synthetic checks go through the edges, the resolvers, the primary and a replica, and the orchestrators:
        // all green means the lab's wiring works end to end, not only that each process answers its health check.
        await("every instance up and every component operational on the status page", Duration.ofSeconds(30), () -> {
            Map<String, String> instances = statusPageInstances();
            Map<String, String> components = statusPageComponents();
            boolean allUp = topology.names().stream().allMatch(n -> "up".equals(instances.get(n)));
            boolean allOperational = !components.isEmpty()
                    && components.values().stream().allMatch("operational"::equals);
            return allUp && allOperational ? true : null;
        }, () -> statusPageInstances() + " " + statusPageComponents());
    }

    @Test
    @Order(3)
    void aStoppedInstanceIsAMajorOutageWithinFiveSeconds() {
        CliResult stop = lab("stop", VICTIM, "--state-dir", stateDir.toString());
        assertEquals(0, stop.exitCode(), stop.err());
        await(VICTIM + " down and its component no longer operational", Duration.ofSeconds(5),
                () -> "down".equals(statusPageInstances().get(VICTIM))
                        && statusPageComponents().values().stream().anyMatch(s -> !"operational".equals(s)) ? true : null,
                () -> statusPageInstances().get(VICTIM) + " " + statusPageComponents());
        assertEquals("stopped", entry(VICTIM).get("state").asText());
        assertTrue(entry(VICTIM).get("pid").isNull());
    }

    @Test
    @Order(4)
    void aStartedInstanceIsOperationalAgain() {
        CliResult start = lab("start", VICTIM, "--state-dir", stateDir.toString());
        assertEquals(0, start.exitCode(), start.err());
        assertEquals("ready", entry(VICTIM).get("state").asText());
        await(VICTIM + " up and every component operational again", Duration.ofSeconds(15),
                () -> "up".equals(statusPageInstances().get(VICTIM))
                        && statusPageComponents().values().stream().allMatch("operational"::equals) ? true : null,
                () -> statusPageInstances().get(VICTIM) + " " + statusPageComponents());
    }

    @Test
    @Order(5)
    void theSupervisorRestartsAKilledInstance() {
        long oldPid = entry(KILLED).get("pid").asLong();
        CliResult kill = lab("kill", KILLED, "--state-dir", stateDir.toString());
        assertEquals(0, kill.exitCode(), kill.err());
        assertTrue(kill.out().contains("killed " + KILLED + " (pid " + oldPid + ", SIGKILL)"), kill.out());
        assertTrue(ProcessHandle.of(oldPid).isEmpty() || !ProcessHandle.of(oldPid).get().isAlive());
        JsonNode restarted = await(KILLED + " restarted and ready", Duration.ofSeconds(90), () -> {
            JsonNode e = entry(KILLED);
            boolean back = !e.get("pid").isNull() && e.get("pid").asLong() != oldPid
                    && "ready".equals(e.get("state").asText());
            return back ? e : null;
        }, () -> entry(KILLED).toString());
        assertNotEquals(oldPid, restarted.get("pid").asLong());
        assertEquals(1, restarted.get("restarts").asInt());
        assertTrue(readLog(KILLED).contains("--- lab supervisor: exited with 137, restarting in 1s ---"));
    }

    /**
     * The kill switch: a frozen edge (SIGSTOP: it holds its port and answers nothing) and a fault injected
     * through another instance's fault API both go away with one `lab heal`.
     */
    @Test
    @Order(6)
    void healResumesAPausedInstanceAndClearsInjectedFaults() throws IOException {
        String frozen = "cdn-edge-itm";
        String faulty = "dns-resolver-1";
        CliResult pause = lab("pause", frozen, "--state-dir", stateDir.toString());
        assertEquals(0, pause.exitCode(), pause.err());
        assertEquals("paused", entry(frozen).get("state").asText());
        await(frozen + " down on the status page (its probes time out)", Duration.ofSeconds(10),
                () -> "down".equals(statusPageInstances().get(frozen)) ? true : null,
                () -> statusPageInstances().get(frozen));

        String token = Files.readString(stateDir.resolve("admin-token")).trim();
        URI faults = URI.create(Ports.of(topology.find(faulty).orElseThrow(), offset).managementUrl() + "/admin/faults");
        HttpResponse<String> injected = send(HttpRequest.newBuilder(faults).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"latency\",\"latency\":\"200ms\"}")));
        assertEquals(201, injected.statusCode(), injected.body());

        CliResult heal = lab("heal", "--state-dir", stateDir.toString());
        assertEquals(0, heal.exitCode(), heal.err() + heal.out());
        assertTrue(heal.out().contains("resumed " + frozen), heal.out());
        assertTrue(heal.out().contains("cleared 1 fault on " + faulty), heal.out());
        assertEquals("ready", entry(frozen).get("state").asText());
        HttpResponse<String> left = send(HttpRequest.newBuilder(faults).header("Authorization", "Bearer " + token).GET());
        assertEquals(0, Json.MAPPER.readTree(left.body()).path("faults").size(), left.body());
        await("every component operational after the heal", Duration.ofSeconds(20),
                () -> statusPageComponents().values().stream().allMatch("operational"::equals) ? true : null,
                () -> statusPageComponents().toString());
    }

    /**
     * GitHub's failover, locally: the primary goes away; the orchestrators see it dead (its replicas lost it
     * too), promote a replica in the same region, repoint the other, and move primary.db.lab.internal on every
     * resolver. A write acknowledged before (semi-sync) is on the new primary, which takes writes.
     */
    @Test
    @Order(7)
    void losingThePrimaryPromotesAnEastReplicaAndMovesItsNameOnEveryResolver() throws Exception {
        String oldPrimary = "db-node-east-0";
        HttpResponse<String> before = put(appUri(oldPrimary, "/kv/news/failover"), "written before the failover");
        assertEquals(200, before.statusCode(), before.body());
        assertEquals("acknowledged", Json.MAPPER.readTree(before.body()).get("semiSync").asText(), before.body());

        CliResult stop = lab("stop", oldPrimary, "--state-dir", stateDir.toString());
        assertEquals(0, stop.exitCode(), stop.err());
        long stoppedAt = System.currentTimeMillis();

        String promoted = await("every resolver naming one new primary", Duration.ofSeconds(30), () -> {
            List<String> answers = new ArrayList<>();
            for (Instance resolver : topology.instances().stream().filter(Instance::servesDns).toList()) {
                answers.add(primaryName(Ports.of(resolver, offset).dns().getAsInt()));
            }
            boolean agreed = answers.stream().distinct().count() == 1 && answers.get(0) != null
                    && !answers.get(0).equals(oldPrimary);
            return agreed ? answers.get(0) : null;
        }, () -> "primary.db.lab.internal not moved yet");
        System.out.printf("failover: %s -> %s, every resolver answering it %d ms after the stop%n", oldPrimary,
                promoted, System.currentTimeMillis() - stoppedAt);
        assertEquals("db-node-east-1", promoted, "the same-region replica is the candidate");

        HttpResponse<String> survived = get(appUri(promoted, "/kv/news/failover"));
        assertEquals(200, survived.statusCode());
        assertEquals("written before the failover", survived.body());
        HttpResponse<String> after = await("the promoted node taking writes", Duration.ofSeconds(10), () -> {
            HttpResponse<String> r = put(appUri(promoted, "/kv/news/after"), "written after");
            return r != null && r.statusCode() == 200 ? r : null;
        }, () -> "PUT on " + promoted + " still refused");
        assertTrue(after.body().contains("\"gtid\""), after.body());
        await("db-node-west-0 repointed to " + promoted, Duration.ofSeconds(10), () -> {
            HttpResponse<String> r = get(appUri("db-node-west-0", "/kv/news/after"));
            return r != null && r.statusCode() == 200 && "written after".equals(r.body()) ? true : null;
        }, () -> "db-node-west-0 does not have the write made on " + promoted);
        // Readers of news.lab: a page no edge has cached, fetched from a db-node that is still alive (the edges
        // find every node through the origin's SRV records and skip the dead one).
        for (Instance edge : topology.instances().stream().filter(i -> i.module().equals("cdn-edge")).toList()) {
            HttpResponse<String> page = send(HttpRequest.newBuilder(
                    URI.create(Ports.of(edge, offset).appUrl() + "/kv/news/after")).header("Host", "news.lab").GET());
            assertEquals(200, page.statusCode(), edge.name() + ": " + page.body());
            assertEquals("written after", page.body(), edge.name());
        }

        JsonNode recoveries = Json.MAPPER.readTree(get(appUri("orchestrator-west", "/api/recoveries")).body()).get("recoveries");
        assertEquals(1, recoveries.size(), recoveries.toString());
        JsonNode recovery = recoveries.get(0);
        assertEquals("succeeded", recovery.get("outcome").asText(), recovery.toString());
        assertEquals(oldPrimary, recovery.get("failedPrimary").asText());
        assertEquals(promoted, recovery.get("promoted").asText());
        assertTrue(recovery.get("timings").get("dnsMillis").asLong() > 0, recovery.toString());
    }

    /**
     * The old primary comes back after the failover (the supervisor starts it from its data directory, as
     * Kubernetes restarts a pod): it is fenced — ready for reads, refusing writes and saying why — and every
     * orchestrator reports it as the fenced former primary, not SplitBrain, and leaves it fenced.
     */
    @Test
    @Order(8)
    void theOldPrimaryRestartedAfterTheFailoverStaysFencedAndIsNoSplitBrain() throws Exception {
        String oldPrimary = "db-node-east-0";
        CliResult start = lab("start", oldPrimary, "--state-dir", stateDir.toString());
        assertEquals(0, start.exitCode(), start.err());
        assertEquals("ready", entry(oldPrimary).get("state").asText(), "a fenced primary serves reads: ready");

        JsonNode status = dbStatus(oldPrimary);
        assertEquals("primary", status.get("role").asText(), status.toString());
        assertTrue(status.get("fenced").asBoolean() && status.get("readOnly").asBoolean()
                && !status.get("writable").asBoolean(), status.toString());
        assertTrue(status.get("readOnlyReason").asText().startsWith("restarted as primary: fenced"), status.toString());
        HttpResponse<String> refused = put(appUri(oldPrimary, "/kv/news/split-brain"), "must not be written");
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"read_only\""), refused.body());
        assertEquals("written before the failover", get(appUri(oldPrimary, "/kv/news/failover")).body());

        List<String> orchestrators = topology.instances().stream().filter(i -> i.module().equals("orchestrator"))
                .map(Instance::name).toList();
        Map<String, String> firstAt = new HashMap<>();
        for (String o : orchestrators) {
            JsonNode analysis = await(o + " reporting " + oldPrimary + " as the fenced former primary",
                    Duration.ofSeconds(20), () -> {
                        JsonNode a = analysis(o);
                        return a != null && "FencedFormerPrimary".equals(a.get("code").asText()) ? a : null;
                    }, () -> String.valueOf(analysis(o)));
            assertEquals("db-node-east-1", analysis.get("primary").asText(), analysis.toString());
            assertEquals("none", analysis.get("action").asText(), analysis.toString());
            assertTrue(analysis.get("evidence").toString().contains(oldPrimary), analysis.toString());
            firstAt.put(o, analysis.get("at").asText());
        }
        // Three more polling rounds later, nothing has lifted the fence and nobody saw two writable primaries.
        for (String o : orchestrators) {
            JsonNode later = await(o + " analysing three more rounds", Duration.ofSeconds(20), () -> {
                JsonNode a = analysis(o);
                return a != null && Instant.parse(a.get("at").asText())
                        .isAfter(Instant.parse(firstAt.get(o)).plusSeconds(3)) ? a : null;
            }, () -> String.valueOf(analysis(o)));
            assertEquals("FencedFormerPrimary", later.get("code").asText(), later.toString());
            String audit = get(appUri(o, "/api/audit?since=0")).body();
            assertFalse(audit.contains("SplitBrain"), o + " saw a split brain: " + audit);
            assertFalse(audit.contains("FENCE_LIFTED"), o + " lifted a fence: " + audit);
        }
        assertTrue(dbStatus(oldPrimary).get("fenced").asBoolean(), "still fenced");
    }

    private JsonNode dbStatus(String instance) throws IOException {
        String token = Files.readString(stateDir.resolve("admin-token")).trim();
        URI uri = URI.create(Ports.of(topology.find(instance).orElseThrow(), offset).managementUrl()
                + "/admin/db/status");
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .GET());
        assertTrue(response != null && response.statusCode() == 200, instance + " status: "
                + (response == null ? "no answer" : response.body()));
        return Json.MAPPER.readTree(response.body());
    }

    /** An orchestrator's current analysis, or null while it does not answer. */
    private JsonNode analysis(String orchestrator) {
        HttpResponse<String> response = get(appUri(orchestrator, "/api/analysis"));
        try {
            return response == null || response.statusCode() != 200 ? null : Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            return null;
        }
    }

    /** The CNAME target of primary.db.lab.internal at one resolver, as an instance name, or null. */
    private static String primaryName(int port) {
        try {
            SimpleResolver resolver = new SimpleResolver("127.0.0.1");
            resolver.setPort(port);
            resolver.setTimeout(Duration.ofSeconds(1));
            Message query = Message.newQuery(Record.newRecord(Name.fromString("primary.db.lab.internal."),
                    Type.CNAME, DClass.IN));
            for (Record answer : resolver.send(query).getSection(Section.ANSWER)) {
                if (answer instanceof CNAMERecord cname) {
                    return cname.getTarget().getLabelString(0);
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private URI appUri(String instance, String path) {
        return URI.create(Ports.of(topology.find(instance).orElseThrow(), offset).appUrl() + path);
    }

    private HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    private HttpResponse<String> put(URI uri, String body) {
        return send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The answer, or null when the node cannot be reached (it may be the one just stopped). */
    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Test
    @Order(9)
    void downLeavesNoProcessOfTheLabBehind() throws IOException {
        List<Long> pids = new ArrayList<>();
        status().forEach(i -> pids.add(i.get("pid").asLong()));
        long supervisorPid = Json.MAPPER.readTree(stateDir.resolve("supervisor.json").toFile()).get("pid").asLong();

        CliResult down = lab("down", "--state-dir", stateDir.toString());

        assertEquals(0, down.exitCode(), down.err());
        assertTrue(down.out().contains("stopped supervisor (pid " + supervisorPid + ")"), down.out());
        assertFalse(ProcessHandle.of(supervisorPid).map(ProcessHandle::isAlive).orElse(false), "supervisor alive");
        pids.forEach(pid -> assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "instance pid " + pid + " alive"));
        List<String> mentioningStateDir = ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .flatMap(h -> LabProcesses.commandLine(h.pid()).stream())
                .filter(cmd -> cmd.contains(stateDir.toString()))
                .toList();
        assertEquals(List.of(), mentioningStateDir);
        assertFalse(Files.exists(stateDir.resolve("supervisor.json")));
        assertEquals("[ ]", lab("status", "--json", "--state-dir", stateDir.toString()).out().trim());
    }

    private List<JsonNode> status() {
        CliResult status = lab("status", "--json", "--state-dir", stateDir.toString());
        assertEquals(0, status.exitCode(), status.err());
        try {
            List<JsonNode> list = new ArrayList<>();
            Json.MAPPER.readTree(status.out()).forEach(list::add);
            return list;
        } catch (IOException e) {
            throw new AssertionError("status --json is not JSON: " + status.out(), e);
        }
    }

    private JsonNode entry(String name) {
        return status().stream().filter(i -> i.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    /** Component name -> status, from the status page's public summary (children of the groups included). */
    private Map<String, String> statusPageComponents() {
        Map<String, String> result = new HashMap<>();
        fetchSummary().ifPresent(summary -> collect(summary.path("components"), result));
        return result;
    }

    /** Instance name → up/down/unknown, from the status page's per-instance extension. */
    private Map<String, String> statusPageInstances() {
        Map<String, String> result = new HashMap<>();
        fetch("/api/lab/instances.json").ifPresent(doc -> {
            JsonNode list = doc.isArray() ? doc : doc.path("instances");
            for (JsonNode i : list) {
                result.put(i.path("name").asText(), i.path("state").asText());
            }
        });
        return result;
    }

    private static void collect(JsonNode components, Map<String, String> into) {
        for (JsonNode c : components) {
            if (c.hasNonNull("name") && c.hasNonNull("status")) {
                into.put(c.get("name").asText(), c.get("status").asText());
            }
            if (c.has("components") && c.get("components").isArray()) {
                collect(c.get("components"), into);
            }
        }
    }

    private Optional<JsonNode> fetchSummary() {
        return fetch("/api/v2/summary.json");
    }

    /** A JSON document of the status page, or empty while it does not answer 200. */
    private Optional<JsonNode> fetch(String path) {
        HttpResponse<String> response = get(appUri("status-page", path));
        if (response == null || response.statusCode() != 200) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readTree(response.body()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private String readLog(String name) {
        try {
            return Files.readString(stateDir.resolve("logs").resolve(name + ".log"));
        } catch (IOException e) {
            return "";
        }
    }
}
