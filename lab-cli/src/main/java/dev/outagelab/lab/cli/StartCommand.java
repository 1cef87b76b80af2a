package dev.outagelab.lab.cli;

import dev.outagelab.lab.local.InstanceAction;
import dev.outagelab.lab.local.InstanceRecord;
import dev.outagelab.lab.local.LabPaths;
import dev.outagelab.lab.local.ReadinessWatch;
import dev.outagelab.lab.local.RunningLab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "start", sortOptions = false,
        description = "Start an instance that was stopped (or is waiting for a restart) and wait until it is ready.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ready", "1:the lab is not running, or the instance was not ready in time",
                "2:unknown instance"})
final class StartCommand implements Callable<Integer> {

    @Mixin
    StateDirOption state;

    @Parameters(paramLabel = "NAME", description = "Instance name, e.g. db-node-east-1 (see `lab status`).")
    String name;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to wait for readiness. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        InstanceNameCheck.require(spec.commandLine(), name);
        LabPaths paths = state.paths();
        RunningLab lab = RunningLab.find(paths)
                .orElseThrow(LabException::labNotRunning);
        InstanceRecord record = lab.client().apply(name, InstanceAction.START);
        ReadinessWatch.Result result = new ReadinessWatch(lab)
                .await(Set.of(name), Map.of(name, record.restarts()), timeout, (n, took) -> { });
        PrintWriter out = spec.commandLine().getOut();
        if (!result.ok()) {
            throw new LabException(name + ": " + result.failed().get(name) + "; last lines of "
                    + paths.logFile(name) + ":\n  "
                    + String.join("\n  ", LogTail.lastLines(paths.logFile(name), 20)));
        }
        out.printf("started %s (pid %s), ready in %.1fs%n", name, record.pid(),
                result.ready().get(name).toMillis() / 1000.0);
        out.flush();
        return ExitCodes.OK;
    }
}
