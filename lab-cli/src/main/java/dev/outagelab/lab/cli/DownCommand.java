package dev.outagelab.lab.cli;

import dev.outagelab.lab.local.Teardown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "down",
        description = "Stop the supervisor and every instance (SIGTERM, SIGKILL after a grace period). Also "
                + "stops instances left behind by a supervisor that died. Safe to run twice.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing of the lab runs any more (also when it was not running)", "1:failure"})
final class DownCommand implements Callable<Integer> {

    @Mixin
    StateDirOption state;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Teardown.Report report = new Teardown(state.paths()).run();
        if (report.nothingRunning()) {
            out.println("lab is not running");
        }
        report.supervisorPid().ifPresent(pid -> {
            out.println("stopped supervisor (pid " + pid + ")");
            report.bySupervisor().forEach((name, p) -> out.println("stopped " + name + " (pid " + p + ")"));
        });
        report.leftovers().forEach((name, pid) -> out.println("stopped " + name + " (pid " + pid + "), left behind"));
        out.flush();
        return ExitCodes.OK;
    }
}
