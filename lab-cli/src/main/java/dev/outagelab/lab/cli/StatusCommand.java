package dev.outagelab.lab.cli;

import dev.outagelab.lab.http.Json;
import dev.outagelab.lab.local.LabPaths;
import dev.outagelab.lab.status.LabStatus;
import dev.outagelab.lab.status.StatusCollector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "status", sortOptions = false,
        description = {"Show every instance: pid, state and ports.",
                "States: ready, starting (not ready yet), unready (was ready, now failing), stopped (on purpose), "
                + "restarting (exited, waiting for its backoff), down (no supervisor)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the lab is up (always 0 with --json; not up prints [])",
                "1:failure", "3:the lab is not up"})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    StateDirOption state;

    @Option(names = "--json", description = "Print a JSON array: name, component, region, pid, state, restarts, urls.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        LabStatus status = new StatusCollector(state.paths()).collect();
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(status.entries()));
            out.flush();
            return ExitCodes.OK;
        }
        return print(out, status);
    }

    /** Also used by `lab up` to end with the table. */
    static void printTable(PrintWriter out, LabPaths paths) throws IOException {
        print(out, new StatusCollector(paths).collect());
    }

    private static int print(PrintWriter out, LabStatus status) {
        if (!status.up()) {
            out.println("lab is not running");
            if (!status.entries().isEmpty()) {
                out.println("but these instances of an earlier run are still alive (`./lab down` stops them):");
                StatusTable.print(out, status.entries());
            }
            out.flush();
            return ExitCodes.NOT_UP;
        }
        StatusTable.print(out, status.entries());
        return ExitCodes.OK;
    }
}
