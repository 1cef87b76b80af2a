package dev.outagelab.dbnode;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One db-node as its own JVM, from the packaged {@code target/quarkus-app/quarkus-run.jar}, for the ITs that need
 * real processes on real sockets (a SIGKILL, two nodes replicating). Its ports stay the same across restarts, so
 * other nodes can keep it as their source.
 */
final class PackagedNode implements AutoCloseable {

    static final String TOKEN = "replication-it-token-0123456789";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final String name;
    private final Path dataDir;
    private final Path log;
    private final int httpPort;
    private final int managementPort;
    private final List<String> settings;
    private Process process;

    /** @param settings extra {@code -D} settings, e.g. {@code db.role=replica} */
    PackagedNode(String name, Path work, List<String> settings) throws IOException {
        this.name = name;
        this.dataDir = work.resolve(name);
        this.log = work.resolve(name + ".log");
        this.httpPort = freePort();
        this.managementPort = freePort();
        this.settings = List.copyOf(settings);
    }

    static Path workDir(String prefix) throws IOException {
        // Under target/ so that even a run that cannot clean up is removed by `mvn clean`.
        return Files.createTempDirectory(Files.createDirectories(Path.of("target")), prefix);
    }

    String name() {
        return name;
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Starts the JVM and waits until its admin API answers (a replica is ready only once it streams). */
    PackagedNode start() throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: run through `mvn verify` (after package)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx96m", "-Xss512k",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dlab.instance.name=" + name,
                "-Ddb.data-dir=" + dataDir));
        settings.forEach(setting -> command.add("-D" + setting));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LAB_ADMIN_TOKEN", TOKEN);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        try {
            Polling.until(START_TIMEOUT, () -> {
                if (!process.isAlive()) {
                    fail(name + " exited with " + process.exitValue() + "; log:\n" + log());
                }
                try {
                    return adminGet("/admin/db/status").statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            }, () -> name + " did not start; log:\n" + log());
        } catch (AssertionError | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return this;
    }

    /** SIGKILL: no shutdown hook, no last group commit. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                fail(name + " still alive 20 s after SIGKILL");
            }
        }
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}) to the node's JVM. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            fail("kill -" + name + " " + process.pid() + " failed");
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    HttpResponse<String> put(String key, String value) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url() + "/kv/" + key))
                .PUT(HttpRequest.BodyPublishers.ofString(value)));
    }

    HttpResponse<String> delete(String key) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url() + "/kv/" + key)).DELETE());
    }

    HttpResponse<String> get(String key) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url() + "/kv/" + key)).GET());
    }

    /** {@code GET /kv?<query>}: a page of the listing. */
    HttpResponse<String> list(String query) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url() + "/kv?" + query)).GET());
    }

    /** Writes and expects 200; returns the JSON answer (key, gtid, semiSync). */
    JsonObject write(String key, String value) throws IOException {
        HttpResponse<String> response = put(key, value);
        if (response.statusCode() != 200) {
            fail("PUT " + key + " on " + name + " answered " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body());
    }

    /**
     * A primary restarted from its data directory comes back fenced (read-only, {@code db.fence-on-restart});
     * checks that it did and lifts the fence as the orchestrator does (the conditional lift), for tests that write to it afterwards.
     */
    void liftFence() throws IOException {
        JsonObject status = status();
        if (!status.getBoolean("fenced", false)) {
            fail(name + " restarted as primary but is not fenced: " + status.encode());
        }
        HttpResponse<String> lifted = adminPost("/admin/db/read-only", "{\"enabled\": false, \"onlyIfFenced\": true}");
        if (lifted.statusCode() != 200 || !new JsonObject(lifted.body()).getJsonObject("status").getBoolean("writable")) {
            fail(name + ": read-only off answered " + lifted.statusCode() + ": " + lifted.body());
        }
    }

    JsonObject status() throws IOException {
        HttpResponse<String> response = adminGet("/admin/db/status");
        if (response.statusCode() != 200) {
            fail(name + " status answered " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body());
    }

    HttpResponse<String> adminGet(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .header("Authorization", "Bearer " + TOKEN).GET());
    }

    HttpResponse<String> adminPost(String path, String json) throws IOException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> adminDelete(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .header("Authorization", "Bearer " + TOKEN).DELETE());
    }

    HttpResponse<String> ledger(PackagedNode other) throws IOException {
        return adminGet("/admin/db/ledger?other=" + URLEncoder.encode(other.url(), StandardCharsets.UTF_8));
    }

    /** Polls this node's status until {@code condition} holds, failing with the last status and the log. */
    JsonObject awaitStatus(String what, Duration timeout, Predicate<JsonObject> condition) {
        JsonObject[] last = {null};
        Polling.until(timeout, () -> {
            try {
                last[0] = status();
                return condition.test(last[0]);
            } catch (IOException e) {
                return false;
            }
        }, () -> name + ": " + what + " not reached within " + timeout + "; last status " + last[0]
                + "\nlog:\n" + log());
        return last[0];
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    String log() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= 20_000 ? text : "..." + text.substring(text.length() - 20_000);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
