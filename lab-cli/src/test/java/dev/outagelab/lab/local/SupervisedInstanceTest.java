package dev.outagelab.lab.local;

import dev.outagelab.lab.LabTestSupport;
import dev.outagelab.lab.topology.Instance;
import dev.outagelab.lab.topology.Ports;
import dev.outagelab.lab.topology.Topology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uses a jar that does not exist: `java -jar` then exits with 1 at once, a cheap crashing process. */
class SupervisedInstanceTest {

    @TempDir
    Path state;

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    private SupervisedInstance crashingInstance() {
        Instance instance = Topology.standard().find("db-node-east-1").orElseThrow();
        return new SupervisedInstance(new LaunchSpec(instance, Ports.of(instance, 0), state.resolve("missing.jar"),
                state, state.resolve("data"), state.resolve("logs").resolve("db.log"), new LabSecrets("token", "dHNpZw=="), Optional.empty()),
                scheduler, () -> { });
    }

    @Test
    void restartsACrashedProcessAfterTheBackoffAndLogsWhy() throws IOException {
        SupervisedInstance instance = crashingInstance();
        instance.start();
        await(() -> instance.snapshot().restarts() >= 1, Duration.ofSeconds(15));
        String log = Files.readString(state.resolve("logs").resolve("db.log"));
        assertTrue(log.contains("--- lab supervisor: exited with 1, restarting in 1s ---"), log);
        instance.stop();
    }

    @Test
    void doesNotRestartAnInstanceStoppedOnPurpose() {
        SupervisedInstance instance = crashingInstance();
        instance.start();
        await(() -> instance.snapshot().phase() == Phase.RESTARTING, Duration.ofSeconds(15));
        instance.stop();
        InstanceRecord stopped = instance.snapshot();
        assertEquals(Phase.STOPPED, stopped.phase());
        assertEquals(Desired.STOPPED, stopped.desired());
        assertNull(stopped.pid());
        int restarts = stopped.restarts();
        // The restart that was pending (1 s) must not happen: an absence can only be checked by waiting past it.
        sleep(Duration.ofMillis(1500));
        assertEquals(restarts, instance.snapshot().restarts());
        assertEquals(Phase.STOPPED, instance.snapshot().phase());
    }

    private static void await(BooleanSupplier condition, Duration timeout) {
        LabTestSupport.await("condition", timeout, () -> condition.getAsBoolean() ? true : null, () -> "not yet");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
