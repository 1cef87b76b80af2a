package dev.outagelab.lab.cli;

import dev.outagelab.lab.local.InstanceRecord;
import dev.outagelab.lab.local.RunningLab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.concurrent.Callable;

@Command(name = "stop",
        description = "Stop one instance on purpose (SIGTERM, SIGKILL after 10 s). The supervisor does not "
                + "restart it until `lab start <name>`.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "1:the lab is not running, or the stop failed", "2:unknown instance"})
final class StopCommand implements Callable<Integer> {

    @Mixin
    StateDirOption state;

    @Parameters(paramLabel = "NAME", description = "Instance name, e.g. db-node-east-1 (see `lab status`).")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        InstanceNameCheck.require(spec.commandLine(), name);
        RunningLab lab = RunningLab.find(state.paths())
                .orElseThrow(LabException::labNotRunning);
        InstanceRecord record = lab.client().stop(name);
        spec.commandLine().getOut().println("stopped " + name
                + (record.lastExitCode() == null ? "" : " (exit code " + record.lastExitCode() + ")"));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
