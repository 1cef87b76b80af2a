package dev.outagelab.lab.cli;

import dev.outagelab.lab.local.InstanceAction;
import dev.outagelab.lab.local.InstanceRecord;
import picocli.CommandLine.Command;

@Command(name = "kill",
        description = "Crash one instance: SIGKILL, no clean shutdown. The supervisor restarts it after its "
                + "backoff, as Kubernetes restarts a deleted pod.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:killed", "1:the lab is not running, or no process was alive", "2:unknown instance"})
final class KillCommand extends InstanceActionCommand {

    @Override
    InstanceAction action() {
        return InstanceAction.KILL;
    }

    @Override
    String outcome(InstanceRecord before, InstanceRecord after) {
        if (before.pid() == null) {
            throw new LabException(name + " has no process to kill (" + phaseOf(before) + ")");
        }
        return "killed " + name + " (pid " + before.pid() + ", SIGKILL); the supervisor restarts it after its "
                + "backoff: watch `./lab status`";
    }
}
