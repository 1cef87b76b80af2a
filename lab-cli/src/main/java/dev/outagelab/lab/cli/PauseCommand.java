package dev.outagelab.lab.cli;

import dev.outagelab.lab.local.InstanceAction;
import dev.outagelab.lab.local.InstanceRecord;
import dev.outagelab.lab.local.Phase;
import picocli.CommandLine.Command;

@Command(name = "pause",
        description = "Freeze one instance with SIGSTOP: it keeps its ports, so callers connect and then wait for "
                + "an answer that never comes (a hung node, not a dead one). `lab resume` or `lab heal` thaws it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:paused", "1:the lab is not running, or no process was alive", "2:unknown instance"})
final class PauseCommand extends InstanceActionCommand {

    @Override
    InstanceAction action() {
        return InstanceAction.PAUSE;
    }

    @Override
    String outcome(InstanceRecord before, InstanceRecord after) {
        if (after.phase() != Phase.PAUSED) {
            throw new LabException(name + " has no process to pause (" + phaseOf(after) + ")");
        }
        return "paused " + name + " (pid " + after.pid() + ", SIGSTOP); resume it with `./lab resume " + name + "`";
    }
}
