package dev.outagelab.dbnode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.outagelab.kit.gtid.Gtid;
import dev.outagelab.kit.gtid.GtidSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The promise behind every 200 from {@code PUT /kv}: an acknowledged write survives a crash. The packaged node
 * runs as its own JVM and takes concurrent writes while it is SIGKILLed at a random moment (no shutdown hook,
 * no flush: what is not on disk is gone), then restarts on the same data directory; every write any client saw
 * acknowledged, in this cycle or an earlier one, must be readable with its value and its GTID must be in the
 * executed set. Several cycles, because each kill lands at a different point of a group commit.
 *
 * <p>Writes that were in flight at the kill (sent, no answer) may or may not be there after the restart: the
 * node may have made them durable without getting to answer. Both are correct, so they are not checked. Keys
 * are unique per write, so such a write can never hide or replace an acknowledged one.
 *
 * <p>The node restarts as a primary, so it comes back fenced ({@code db.fence-on-restart}, on by default): after
 * each restart the test checks the fence with this real process (status and readiness say why, writes are refused
 * and change nothing) and then lifts it through the admin API, as an operator would, before the next cycle's
 * writes. The last restart runs with {@code db.fence-on-restart=false}: not fenced, a write is taken at once.
 */
class DurabilityUnderKillIT {

    private static final long SEED = 20_180_821L;
    private static final int CYCLES = 5;
    private static final int CLIENTS = 8;
    /** Bounds each client's loop by count as well as by the kill, so a node that never dies cannot spin forever. */
    private static final int MAX_WRITES_PER_CLIENT = 50_000;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(120);
    private static final String TOKEN = "durability-under-kill-it-token";
    private static final Pattern GTID = Pattern.compile("\"gtid\"\\s*:\\s*\"([^\"]+)\"");

    private record Ack(String key, String value, Gtid gtid) {
    }

    private record Node(Process process, int httpPort, int managementPort) {

        String kv(String key) {
            return "http://127.0.0.1:" + httpPort + "/kv/" + key;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @Test
    void everyAcknowledgedWriteSurvivesRepeatedKillNine() throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run through `mvn verify` (after package)");
        // Under target/ so that even a run that cannot clean up is removed by `mvn clean`.
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "durability-it-");
        Path dataDir = work.resolve("data");
        Path log = work.resolve("node.log");
        Random random = new Random(SEED);
        List<Ack> acknowledged = new ArrayList<>();
        List<Integer> acksPerCycle = new ArrayList<>();
        List<Long> killDelays = new ArrayList<>();
        List<Long> restartMillis = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        Node node = null;
        try {
            node = start(jar, dataDir, log, List.of());
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                long killDelay = 200 + random.nextInt(601);
                killDelays.add(killDelay);
                List<Ack> acks = loadAndKill(node, clients, cycle, killDelay, log);
                acksPerCycle.add(acks.size());
                acknowledged.addAll(acks);

                // The last restart runs with the fence switched off: the old behaviour, writable at once.
                boolean fenceOff = cycle == CYCLES;
                long restartStarted = System.nanoTime();
                node = start(jar, dataDir, log, fenceOff ? List.of("-Ddb.fence-on-restart=false") : List.of());
                restartMillis.add(Duration.ofNanos(System.nanoTime() - restartStarted).toMillis());
                verify(node, clients, acknowledged, cycle, log);
                if (fenceOff) {
                    notFenced(node, cycle);
                } else {
                    fencedUntilLifted(node, acknowledged.get(acknowledged.size() - 1), cycle);
                }
            }
            System.out.printf("durability under kill -9: %d cycles, %d acknowledged writes %s all present after "
                    + "restart; kills at %s ms after the first ack; restart-to-ready %s ms (seed %d)%n", CYCLES,
                    acknowledged.size(), acksPerCycle, killDelays, restartMillis, SEED);
        } finally {
            clients.shutdownNow();
            if (node != null) {
                node.process().destroyForcibly();
                node.process().waitFor(10, TimeUnit.SECONDS);
            }
            clients.awaitTermination(10, TimeUnit.SECONDS);
            deleteRecursively(work);
        }
    }

    /** Runs the clients until the node is SIGKILLed {@code killDelayMillis} after the first ack; returns the acks. */
    private List<Ack> loadAndKill(Node node, ExecutorService clients, int cycle, long killDelayMillis, Path log)
            throws Exception {
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        CountDownLatch firstAck = new CountDownLatch(1);
        AtomicBoolean killed = new AtomicBoolean();
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int id = client;
            running.add(clients.submit(() -> write(node, cycle, id, killed, deadline, acks, firstAck)));
        }
        // The delay counts from the first acknowledged write, not from the start: a freshly started JVM running
        // only C1 can take longer than the whole delay to answer its first request, and a kill before any write
        // is acknowledged would prove nothing.
        assertTrue(firstAck.await(LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                "no write acknowledged within " + LOAD_TIMEOUT + "; log:\n" + readQuietly(log));
        Thread.sleep(killDelayMillis);
        assertTrue(node.process().isAlive(), "node died before the kill; log:\n" + readQuietly(log));
        killed.set(true);
        // destroyForcibly is SIGKILL on Linux: the JVM gets no chance to run hooks or finish a group commit.
        node.process().destroyForcibly();
        assertTrue(node.process().waitFor(10, TimeUnit.SECONDS), "node still alive 10s after SIGKILL");
        for (Future<?> client : running) {
            client.get(LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        return List.copyOf(acks);
    }

    private void write(Node node, int cycle, int client, AtomicBoolean killed, long deadline,
            ConcurrentLinkedQueue<Ack> acks, CountDownLatch firstAck) {
        for (int n = 0; n < MAX_WRITES_PER_CLIENT && System.nanoTime() < deadline; n++) {
            String key = "k-" + cycle + "-" + client + "-" + n;
            String value = "v-" + cycle + "-" + client + "-" + n + "-" + Long.toHexString(System.nanoTime());
            HttpRequest request = HttpRequest.newBuilder(URI.create(node.kv(key)))
                    .timeout(Duration.ofSeconds(10))
                    .PUT(HttpRequest.BodyPublishers.ofString(value))
                    .build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (killed.get()) {
                    // The kill cut this write off: unacknowledged, so it may or may not survive.
                    return;
                }
                throw new UncheckedIOException("PUT " + key + " failed before the kill", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (response.statusCode() / 100 != 2) {
                throw new AssertionError("PUT " + key + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            Matcher gtid = GTID.matcher(response.body());
            if (!gtid.find()) {
                throw new AssertionError("PUT " + key + " answered without a GTID: " + response.body());
            }
            acks.add(new Ack(key, value, Gtid.parse(gtid.group(1))));
            firstAck.countDown();
        }
    }

    /** Every acknowledged write so far is there with its value, and the executed set holds every acked GTID. */
    private void verify(Node node, ExecutorService clients, List<Ack> acknowledged, int cycle, Path log)
            throws Exception {
        long deadline = System.nanoTime() + VERIFY_TIMEOUT.toNanos();
        List<Future<?>> checks = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int id = client;
            checks.add(clients.submit(() -> {
                for (int i = id; i < acknowledged.size(); i += CLIENTS) {
                    assertTrue(System.nanoTime() < deadline, "verification took longer than " + VERIFY_TIMEOUT);
                    Ack ack = acknowledged.get(i);
                    HttpResponse<String> response = get(node, ack.key());
                    assertEquals(200, response.statusCode(), "after restart " + cycle + ", acknowledged write "
                            + ack + " is missing: " + response.body());
                    assertEquals(ack.value(), response.body(), "after restart " + cycle + ", value of " + ack.key());
                }
                return null;
            }));
        }
        for (Future<?> check : checks) {
            try {
                check.get(VERIFY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // The checker's own assertion message is the useful part.
                if (e.getCause() instanceof AssertionError failed) {
                    throw failed;
                }
                throw e;
            }
        }
        // Nothing writes during verification, so one read's header is the node's final executed set.
        Optional<String> header = get(node, "gtid-probe").headers().firstValue("X-Gtid-Executed");
        assertTrue(header.isPresent(), "GET lacks X-Gtid-Executed");
        GtidSet executed = GtidSet.parse(header.get());
        for (Ack ack : acknowledged) {
            assertTrue(executed.contains(ack.gtid()),
                    "after restart " + cycle + ", executed set " + executed + " lacks acknowledged " + ack);
        }
        assertTrue(node.process().isAlive(), "node died during verification; log:\n" + readQuietly(log));
    }

    /**
     * A primary restarted from its data directory refuses writes until read-only is switched off; the refusal
     * assigns no GTID and changes no value.
     */
    private void fencedUntilLifted(Node node, Ack existing, int cycle) throws IOException, InterruptedException {
        String status = admin(node, "GET", "/admin/db/status", null).body();
        assertTrue(status.contains("\"fenced\":true") && status.contains("\"writable\":false")
                && status.contains("restarted as primary: fenced"), "after restart " + cycle + ": " + status);
        String ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort()
                + "/q/health/ready")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(ready.contains("restarted as primary: fenced"), "readiness data says why: " + ready);
        String executed = get(node, "gtid-probe").headers().firstValue("X-Gtid-Executed").orElseThrow();

        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(node.kv("fenced-" + cycle)))
                .PUT(HttpRequest.BodyPublishers.ofString("refused")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, put.statusCode(), put.body());
        assertTrue(put.body().contains("\"read_only\"") && put.body().contains("restarted as primary: fenced"),
                put.body());
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(node.kv(existing.key())))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, delete.statusCode(), delete.body());
        assertTrue(delete.body().contains("restarted as primary: fenced"), delete.body());
        assertEquals(existing.value(), get(node, existing.key()).body(), "a refused delete changes nothing");
        assertEquals(404, get(node, "fenced-" + cycle).statusCode(), "a refused put writes nothing");
        assertEquals(executed, get(node, "gtid-probe").headers().firstValue("X-Gtid-Executed").orElseThrow(),
                "refused writes assign no GTID");

        HttpResponse<String> lifted = admin(node, "POST", "/admin/db/read-only", "{\"enabled\": false}");
        assertEquals(200, lifted.statusCode(), lifted.body());
        assertTrue(lifted.body().contains("\"changed\":true") && lifted.body().contains("\"writable\":true"),
                lifted.body());
    }

    private HttpResponse<String> admin(Node node, String method, String path, String json)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort() + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(Node node, String key) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(node.kv(key))).timeout(Duration.ofSeconds(10)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** With {@code db.fence-on-restart=false} a restarted primary is not fenced and takes a write at once. */
    private void notFenced(Node node, int cycle) throws IOException, InterruptedException {
        String status = admin(node, "GET", "/admin/db/status", null).body();
        assertTrue(status.contains("\"fenced\":false") && status.contains("\"writable\":true"),
                "after restart " + cycle + " with the fence off: " + status);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(node.kv("unfenced-" + cycle)))
                .PUT(HttpRequest.BodyPublishers.ofString("taken")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
    }

    private Node start(Path jar, Path dataDir, Path log, List<String> settings) throws IOException {
        // Fresh ports per start: the killed JVM's port is free again, but a new one rules out any lingering socket.
        int httpPort = freePort();
        int managementPort = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java,
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx96m", "-Xss512k",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Ddb.data-dir=" + dataDir);
        builder.command().addAll(settings);
        builder.command().addAll(List.of("-jar", jar.toString()));
        builder.environment().put("LAB_ADMIN_TOKEN", TOKEN);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        Node node = new Node(process, httpPort, managementPort);
        try {
            awaitReady(node, log);
        } catch (AssertionError | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return node;
    }

    private void awaitReady(Node node, Path log) {
        URI ready = URI.create("http://127.0.0.1:" + node.managementPort() + "/q/health/ready");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!node.process().isAlive()) {
                fail("node exited with " + node.process().exitValue() + "; log:\n" + readQuietly(log));
            }
            if (System.nanoTime() > deadline) {
                fail("node not ready within " + READY_TIMEOUT + "; log:\n" + readQuietly(log));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready)
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for readiness");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for readiness");
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
