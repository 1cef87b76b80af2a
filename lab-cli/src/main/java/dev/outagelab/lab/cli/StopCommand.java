package dev.outagelab.lab.cli;

import dev.outagelab.lab.local.InstanceAction;
import dev.outagelab.lab.local.InstanceRecord;
import picocli.CommandLine.Command;

@Command(name = "stop",
        description = "Stop one instance on purpose (SIGTERM, SIGKILL after 10 s). The supervisor does not "
                + "restart it until `lab start <name>`.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "1:the lab is not running, or the stop failed", "2:unknown instance"})
final class StopCommand extends InstanceActionCommand {

    @Override
    InstanceAction action() {
        return InstanceAction.STOP;
    }

    @Override
    String outcome(InstanceRecord before, InstanceRecord after) {
        return "stopped " + name + (after.lastExitCode() == null ? "" : " (exit code " + after.lastExitCode() + ")");
    }
}
