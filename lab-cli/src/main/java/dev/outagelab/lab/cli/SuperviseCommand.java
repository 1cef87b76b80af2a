package dev.outagelab.lab.cli;

import dev.outagelab.lab.local.ControlServer;
import dev.outagelab.lab.local.LabPaths;
import dev.outagelab.lab.local.LabSecrets;
import dev.outagelab.lab.local.StateFiles;
import dev.outagelab.lab.local.Supervisor;
import dev.outagelab.lab.local.SupervisorInfo;
import dev.outagelab.lab.topology.Topology;
import dev.outagelab.lab.wiring.LabLayout;
import dev.outagelab.lab.wiring.LabWiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** What `lab up` runs in the background. Not for people: hidden from the help. */
@Command(name = "supervise", hidden = true,
        description = "Run the lab's instances in the foreground and restart the ones that exit.")
final class SuperviseCommand implements Callable<Integer> {

    @Option(names = "--state-dir", paramLabel = "DIR", required = true)
    Path stateDir;

    @Option(names = "--port-offset", paramLabel = "N", defaultValue = "0")
    int portOffset;

    @Override
    public Integer call() throws IOException, InterruptedException {
        LabPaths paths = LabPaths.resolve(Optional.of(stateDir));
        Files.createDirectories(paths.logsDir());
        Files.createDirectories(paths.configDir());
        try (FileChannel lockChannel = FileChannel.open(paths.lockFile(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            // The OS releases the lock when this process dies however it dies, unlike a pid file.
            FileLock lock = lockChannel.tryLock();
            if (lock == null) {
                throw new LabException("a supervisor for " + paths.stateDir() + " is already running");
            }
            return supervise(paths);
        }
    }

    private int supervise(LabPaths paths) throws IOException, InterruptedException {
        LabSecrets secrets = LabSecrets.loadOrCreate(paths);
        Topology topology = Topology.standard();
        LabWiring.writeAll(new LabLayout(topology, portOffset, paths));

        Supervisor supervisor = new Supervisor(paths, topology, portOffset, secrets);
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable shutdown = () -> {
            supervisor.shutdown();
            deleteQuietly(paths.supervisorFile());
            stopped.countDown();
        };
        // SIGTERM (or Ctrl-C when run by hand) stops the instances too instead of orphaning them.
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "lab-shutdown-hook"));
        try (ControlServer control = ControlServer.start(secrets.adminToken(),
                supervisor.control(() -> new Thread(shutdown, "lab-shutdown").start()))) {
            supervisor.startAll();
            long pid = ProcessHandle.current().pid();
            StateFiles.write(paths.supervisorFile(),
                    new SupervisorInfo(pid, control.port(), portOffset, Instant.now().toString()));
            System.out.println(Instant.now() + " lab supervisor pid " + pid + " listening on 127.0.0.1:"
                    + control.port() + ", port offset " + portOffset);
            stopped.await();
            System.out.println(Instant.now() + " lab supervisor stopped");
        }
        return ExitCodes.OK;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.err.println("cannot delete " + file + ": " + e.getMessage());
        }
    }
}
