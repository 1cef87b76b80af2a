package dev.outagelab.lab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root `lab` command. */
@Command(name = "lab",
        mixinStandardHelpOptions = true,
        versionProvider = LabCommand.Version.class,
        description = "Runs the outage lab: every service instance as a local process under a supervisor.",
        subcommands = {UpCommand.class, StatusCommand.class, StopCommand.class, StartCommand.class,
                KillCommand.class, PauseCommand.class, ResumeCommand.class, HealCommand.class, DownCommand.class,
                SuperviseCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ./lab up                 start the lab and wait until every instance is ready",
                "  ./lab status --json      instances, their state and URLs",
                "  ./lab stop db-node-east-1 && ./lab start db-node-east-1",
                "  ./lab kill db-node-east-0     crash the primary (restarted after a backoff)",
                "  ./lab pause dns-resolver-east-0 && ./lab heal",
                "  ./lab down               stop everything"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:failure", "2:usage error", "3:(status) the lab is not up"})
public final class LabCommand {

    /** The configured command line; tests use it to run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new LabCommand());
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof LabException lab) {
                commandLine.getErr().println("lab: " + lab.getMessage());
                commandLine.getErr().flush();
                return lab.exitCode();
            }
            commandLine.getErr().println("lab: error: " + e);
            commandLine.getErr().flush();
            return ExitCodes.FAILURE;
        });
        return cmd;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LabCommand.class.getPackage().getImplementationVersion();
            return new String[] {"lab " + (version == null ? "(development build)" : version)};
        }
    }
}
