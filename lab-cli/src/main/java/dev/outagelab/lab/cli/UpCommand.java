package dev.outagelab.lab.cli;

import dev.outagelab.lab.local.LabSecrets;
import dev.outagelab.lab.local.LabPaths;
import dev.outagelab.lab.local.PortCheck;
import dev.outagelab.lab.local.ReadinessWatch;
import dev.outagelab.lab.local.RunningLab;
import dev.outagelab.lab.local.SupervisorSpawner;
import dev.outagelab.lab.local.Teardown;
import dev.outagelab.lab.topology.Instance;
import dev.outagelab.lab.topology.Ports;
import dev.outagelab.lab.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "up", sortOptions = false,
        description = {"Start every instance of the lab as a local process under a background supervisor, "
                + "wait until all of them are ready, and print where they listen.",
                "Ports: app 8080+k, management 9000+k, DNS 15353+i (resolvers), each plus --port-offset."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every instance is ready (or the lab was already up)",
                "1:an instance exited or was not ready in time (the rest keeps running; ./lab down stops it)",
                "2:usage error"})
final class UpCommand implements Callable<Integer> {

    private static final int LOG_LINES = 20;

    @Mixin
    StateDirOption state;

    @Option(names = "--port-offset", paramLabel = "N", defaultValue = "0",
            description = "Added to every port, to run next to something else. Default: ${DEFAULT-VALUE}.")
    int portOffset;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "120s", converter = DurationConverter.class,
            description = "How long to wait for every instance to be ready. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Topology topology = Topology.standard();
        if (portOffset < 0 || portOffset > Ports.maxOffset(topology)) {
            throw new ParameterException(spec.commandLine(),
                    "--port-offset must be between 0 and " + Ports.maxOffset(topology));
        }
        PrintWriter out = spec.commandLine().getOut();
        LabPaths paths = state.paths();
        requireServiceJars(paths);
        prepareStateDir(paths, topology);

        Optional<RunningLab> running = RunningLab.find(paths);
        if (running.isPresent()) {
            out.println("lab is already up (supervisor pid " + running.get().info().pid() + ", port offset "
                    + running.get().info().portOffset() + ")");
            StatusCommand.printTable(out, paths);
            return ExitCodes.OK;
        }
        Teardown.Report leftovers = new Teardown(paths).run();
        leftovers.leftovers().forEach((name, pid) ->
                out.println("stopped " + name + " (pid " + pid + ") left over from an earlier run"));
        List<String> busy = PortCheck.busy(topology, portOffset);
        if (!busy.isEmpty()) {
            throw new LabException("ports already in use: " + String.join(", ", busy)
                    + "\nIs another lab running? Try --port-offset.");
        }

        long begin = System.nanoTime();
        out.println("Starting " + topology.instances().size() + " instances (logs in " + paths.logsDir() + ")");
        out.flush();
        Process spawned = SupervisorSpawner.spawn(paths, portOffset);
        RunningLab lab = awaitSupervisor(paths, spawned, begin + timeout.toNanos());

        Duration remaining = Duration.ofNanos(Math.max(0, begin + timeout.toNanos() - System.nanoTime()));
        ReadinessWatch.Result result = new ReadinessWatch(lab).await(new LinkedHashSet<>(topology.names()),
                Map.of(), remaining, (name, took) -> {
                    out.printf("  ready  %-20s (%.1fs)%n", name, seconds(took));
                    out.flush();
                });
        if (!result.ok()) {
            reportFailures(paths, result.failed());
            return ExitCodes.FAILURE;
        }
        out.println();
        StatusCommand.printTable(out, paths);
        out.printf("%nlab is up (%.1fs). Status page: http://localhost:%d%n",
                seconds(Duration.ofNanos(System.nanoTime() - begin)), Ports.of(statusPage(topology), portOffset).app());
        out.flush();
        return ExitCodes.OK;
    }

    private static void requireServiceJars(LabPaths paths) {
        List<String> missing = Topology.MODULES.stream()
                .map(paths::serviceJar)
                .filter(jar -> !Files.exists(jar))
                .map(Object::toString)
                .toList();
        if (!missing.isEmpty()) {
            throw new LabException("service jars missing (build with `mvn -DskipTests package`):\n  "
                    + String.join("\n  ", missing));
        }
    }

    private static void prepareStateDir(LabPaths paths, Topology topology) throws IOException {
        Files.createDirectories(paths.logsDir());
        Files.createDirectories(paths.configDir());
        for (Instance instance : topology.instances()) {
            Files.createDirectories(paths.dataDir(instance.name()));
        }
        LabSecrets.loadOrCreate(paths);
    }

    /** The supervisor publishes itself in supervisor.json once its control API listens. */
    private RunningLab awaitSupervisor(LabPaths paths, Process spawned, long deadline) throws IOException {
        while (System.nanoTime() < deadline) {
            Optional<RunningLab> lab = RunningLab.find(paths);
            if (lab.isPresent()) {
                return lab.get();
            }
            // setsid may fork and exit 0 at once; only a non-zero exit says the supervisor failed.
            if (!spawned.isAlive() && spawned.exitValue() != 0) {
                throw new LabException("the supervisor did not start; last lines of " + paths.supervisorLog()
                        + ":\n  " + String.join("\n  ", LogTail.lastLines(paths.supervisorLog(), LOG_LINES)));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted");
            }
        }
        throw new LabException("the supervisor did not publish " + paths.supervisorFile() + " in time; see "
                + paths.supervisorLog());
    }

    private void reportFailures(LabPaths paths, Map<String, String> failed) {
        PrintWriter err = spec.commandLine().getErr();
        failed.forEach((name, why) -> {
            err.println();
            err.println("FAILED " + name + ": " + why);
            err.println("--- last " + LOG_LINES + " lines of " + paths.logFile(name) + " ---");
            LogTail.lastLines(paths.logFile(name), LOG_LINES).forEach(line -> err.println("  " + line));
        });
        err.println();
        err.println(failed.size() + " instance(s) failed: " + String.join(", ", failed.keySet())
                + ". The others keep running; `./lab down` stops them.");
        err.flush();
    }

    private static Instance statusPage(Topology topology) {
        return topology.instances().stream().filter(i -> i.module().equals("status-page")).findFirst().orElseThrow();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
