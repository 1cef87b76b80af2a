package dev.outagelab.lab.cli;

import dev.outagelab.lab.http.FaultClient;
import dev.outagelab.lab.local.InstanceAction;
import dev.outagelab.lab.local.InstanceRecord;
import dev.outagelab.lab.local.LabPaths;
import dev.outagelab.lab.local.Phase;
import dev.outagelab.lab.local.ReadinessWatch;
import dev.outagelab.lab.local.RunningLab;
import dev.outagelab.lab.local.SecretFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The kill switch of a drill: whatever was injected, the lab is whole again afterwards. A killed instance
 * needs nothing (the supervisor restarts it); a paused one is thawed, a stopped one started, and the services'
 * own fault APIs are cleared. Data changes a drill made (a failover, a promoted replica) are not faults and stay.
 */
@Command(name = "heal", sortOptions = false,
        description = "Remove every injected fault at once: resume paused instances, start stopped ones, clear "
                + "every instance's fault API (latency, errors, hangs), then wait until all are ready.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every instance is running, fault-free and ready",
                "1:the lab is not running, or an instance was not ready in time"})
final class HealCommand implements Callable<Integer> {

    @Mixin
    StateDirOption state;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "120s", converter = DurationConverter.class,
            description = "How long to wait for readiness. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        LabPaths paths = state.paths();
        RunningLab lab = RunningLab.find(paths).orElseThrow(LabException::labNotRunning);
        PrintWriter out = spec.commandLine().getOut();
        FaultClient faults = new FaultClient(SecretFile.read(paths.adminTokenFile()));
        Map<String, Integer> restarts = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (InstanceRecord instance : lab.client().instances().instances()) {
            names.add(instance.name());
            restarts.put(instance.name(), instance.restarts());
            if (instance.phase() == Phase.PAUSED) {
                lab.client().apply(instance.name(), InstanceAction.RESUME);
                out.println("resumed " + instance.name());
            } else if (instance.phase() == Phase.STOPPED || instance.phase() == Phase.RESTARTING) {
                // A crashed instance waiting out its backoff is started now rather than later.
                lab.client().apply(instance.name(), InstanceAction.START);
                out.println("started " + instance.name());
            }
            if (instance.pid() != null) {
                clearFaults(faults, instance, out);
            }
        }
        out.flush();
        ReadinessWatch.Result result = new ReadinessWatch(lab).await(names, restarts, timeout, (n, took) -> { });
        if (!result.ok()) {
            throw new LabException("not ready after heal: " + result.failed());
        }
        out.println("healed: " + names.size() + " instances running and ready");
        out.flush();
        return ExitCodes.OK;
    }

    private static void clearFaults(FaultClient faults, InstanceRecord instance, PrintWriter out) {
        try {
            int cleared = faults.clearAll(instance.managementPort());
            if (cleared > 0) {
                out.println("cleared " + cleared + " fault" + (cleared == 1 ? "" : "s") + " on " + instance.name());
            }
        } catch (IOException e) {
            // A process that is restarting has no faults (they live in memory); say so rather than fail the heal.
            out.println(instance.name() + ": fault API not answering (" + e.getMessage() + "); a restarted "
                    + "process starts without faults");
        }
    }
}
