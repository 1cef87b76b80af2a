package dev.outagelab.lab.cli;

import dev.outagelab.lab.local.InstanceAction;
import dev.outagelab.lab.local.InstanceRecord;
import dev.outagelab.lab.local.Phase;
import picocli.CommandLine.Command;

@Command(name = "resume",
        description = "Thaw an instance frozen by `lab pause` (SIGCONT).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:resumed, or was not paused", "1:the lab is not running", "2:unknown instance"})
final class ResumeCommand extends InstanceActionCommand {

    @Override
    InstanceAction action() {
        return InstanceAction.RESUME;
    }

    @Override
    String outcome(InstanceRecord before, InstanceRecord after) {
        return before.phase() == Phase.PAUSED
                ? "resumed " + name + " (pid " + after.pid() + ", SIGCONT)"
                : name + " was not paused (" + phaseOf(before) + ")";
    }
}
