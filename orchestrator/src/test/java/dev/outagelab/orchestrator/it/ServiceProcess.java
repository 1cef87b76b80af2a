package dev.outagelab.orchestrator.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import dev.outagelab.orchestrator.support.Eventually;
import dev.outagelab.orchestrator.support.FreePorts;

/**
 * One real service JVM started from a module's packaged jar ({@code <module>/target/quarkus-app/quarkus-run.jar}),
 * the way the local lab starts it: lean JVM flags, loopback ports, settings as system properties, secrets in the
 * environment, its own working directory. It can be stopped (SIGTERM), killed (SIGKILL) and started again with
 * the same directory and ports, like a crashed server coming back. Only this process, by its PID, is ever signalled.
 */
final class ServiceProcess implements AutoCloseable {

    /** The lab's JVM flags (lab-cli's JvmFlags): seven JVMs share a loaded 2-core box during these tests. */
    private static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1", "-XX:ActiveProcessorCount=1", "-Xms16m", "-Xmx96m", "-XX:MaxMetaspaceSize=128m",
            "-XX:ReservedCodeCacheSize=32m", "-Xss512k", "-XX:MaxDirectMemorySize=32m");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    final String name;
    final int appPort;
    final int managementPort;
    private final Path jar;
    private final Path workDir;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final OptionalInt uid;
    private Process process;

    /**
     * @param uid run as this numeric user (root only, via setpriv): lets a test drop one process's packets with
     *            iptables' owner match, as if it ran on its own host
     */
    ServiceProcess(Path jar, String name, String region, Path workDir, Map<String, String> properties,
                   Map<String, String> environment, OptionalInt uid) {
        this.jar = jar;
        this.name = name;
        this.workDir = workDir;
        this.uid = uid;
        this.environment = Map.copyOf(environment);
        this.appPort = FreePorts.next();
        this.managementPort = FreePorts.next();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("lab.instance.name", name);
        all.put("lab.instance.region", region);
        all.put("quarkus.http.host", "127.0.0.1");
        all.put("quarkus.http.port", Integer.toString(appPort));
        all.put("quarkus.management.host", "127.0.0.1");
        all.put("quarkus.management.port", Integer.toString(managementPort));
        all.putAll(properties);
        this.properties = all;
    }

    String appUrl() {
        return "http://127.0.0.1:" + appPort;
    }

    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the JVM; its output goes to {@code <workDir>/service.log}, appended across restarts. */
    void start() {
        try {
            Files.createDirectories(workDir);
            List<String> cmd = new ArrayList<>();
            if (uid.isPresent()) {
                chown(workDir, uid.getAsInt());
                cmd.addAll(List.of("setpriv", "--reuid=" + uid.getAsInt(), "--regid=" + uid.getAsInt(),
                        "--clear-groups"));
            }
            cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(JVM_FLAGS);
            properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.add("-jar");
            cmd.add(jar.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("service.log").toFile()))
                    .redirectErrorStream(true);
            pb.environment().putAll(environment);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until the readiness probe answers 200; fails with the end of the log if the process dies first. */
    void awaitReady(Duration within) {
        Eventually.await(name + " ready (log: " + workDir.resolve("service.log") + ")", within, () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            return status(managementUrl() + "/q/health/ready") == 200;
        });
    }

    /** SIGKILL, as a crashed host: no shutdown hook, no goodbye to replicas. */
    void kill() {
        if (alive()) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** SIGTERM, a clean shutdown. */
    void stop() {
        if (alive()) {
            process.destroy();
            waitFor();
        }
    }

    @Override
    public void close() {
        if (alive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(workDir.resolve("service.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping " + name, e);
        }
    }

    /** A module's packaged launcher in this checkout. */
    static Path jar(String module) {
        Path root = Paths.get(System.getProperty("lab.root", ".."));
        return root.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar")
                .toAbsolutePath().normalize();
    }

    /**
     * A private copy of a module's packaged app, returning its launcher. Other modules' builds may rewrite their
     * {@code target/quarkus-app} while these tests run, and a node restarted mid-test must find a whole app; a
     * copy caught mid-rewrite is taken again.
     */
    static Path snapshot(String module, Path into) {
        Path source = jar(module).getParent();
        Path copy = into.resolve(module);
        Eventually.await("a complete copy of " + source, Duration.ofSeconds(180), () -> {
            try {
                deleteTree(copy);
                try (var paths = Files.walk(source)) {
                    for (Path p : paths.toList()) {
                        Path target = copy.resolve(source.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(p, target);
                        }
                    }
                }
                return Files.isRegularFile(copy.resolve("quarkus-run.jar"))
                        && Files.isRegularFile(copy.resolve("quarkus").resolve("quarkus-application.dat"));
            } catch (IOException | UncheckedIOException e) {
                return false;
            }
        });
        return copy.resolve("quarkus-run.jar");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void chown(Path dir, int owner) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.toList()) {
                Files.setAttribute(p, "unix:uid", owner);
                Files.setAttribute(p, "unix:gid", owner);
            }
        }
    }
}
