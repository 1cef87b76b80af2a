package dev.outagelab.lab.cli;

import dev.outagelab.lab.local.InstanceAction;
import dev.outagelab.lab.local.InstanceRecord;
import dev.outagelab.lab.local.RunningLab;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;

/** A command that applies one supervisor action to one named instance and says what came of it. */
abstract class InstanceActionCommand implements Callable<Integer> {

    @Mixin
    StateDirOption state;

    @Parameters(paramLabel = "NAME", description = "Instance name, e.g. db-node-east-1 (see `lab status`).")
    String name;

    @Spec
    CommandSpec spec;

    abstract InstanceAction action();

    /** The line to print, or a {@link LabException} when the action could not apply to the instance's state. */
    abstract String outcome(InstanceRecord before, InstanceRecord after);

    static String phaseOf(InstanceRecord record) {
        return record.phase().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Integer call() throws IOException {
        InstanceNameCheck.require(spec.commandLine(), name);
        RunningLab lab = RunningLab.find(state.paths())
                .orElseThrow(LabException::labNotRunning);
        InstanceRecord before = lab.client().instances().find(name).orElseThrow();
        InstanceRecord after = lab.client().apply(name, action());
        spec.commandLine().getOut().println(outcome(before, after));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
