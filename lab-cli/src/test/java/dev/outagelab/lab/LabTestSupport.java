package dev.outagelab.lab;

import dev.outagelab.lab.cli.LabCommand;
import dev.outagelab.lab.local.LabPaths;
import dev.outagelab.lab.local.PortCheck;
import dev.outagelab.lab.topology.Topology;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/** Shared by the integration tests: the repo root, free ports, in-process CLI runs, waiting with deadlines. */
public final class LabTestSupport {

    private LabTestSupport() {
    }

    /** Failsafe passes -Dlab.root=<module>/..; running from the module directory works too. */
    public static Path root() {
        String property = System.getProperty(LabPaths.ROOT_PROPERTY);
        Path root = property != null ? Paths.get(property) : Paths.get("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }

    /**
     * A port offset at which every port of the lab can be bound right now. Kept below 17000 so no port
     * lands in Linux's ephemeral range (32768+), where an outgoing connection could take it meanwhile.
     */
    public static int freePortOffset() {
        Random random = new Random();
        Topology topology = Topology.standard();
        for (int attempt = 0; attempt < 200; attempt++) {
            int offset = 100 + random.nextInt(17000);
            if (PortCheck.busy(topology, offset).isEmpty()) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset found");
    }

    public record CliResult(int exitCode, String out, String err) {
    }

    /** Runs a `lab` command in this JVM, capturing its output. */
    public static CliResult lab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = LabCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new CliResult(exit, out.toString(), err.toString());
    }

    /** Polls until the supplier returns non-null; fails with the last observation at the deadline. */
    public static <T> T await(String what, Duration timeout, Supplier<T> check, Supplier<String> lastSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = check.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                fail(what + " did not happen within " + timeout + "; last seen: " + lastSeen.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }

    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    public static long rssKilobytes(long pid) {
        try (Stream<String> lines = Files.lines(Paths.get("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }
}
