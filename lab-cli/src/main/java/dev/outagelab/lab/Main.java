package dev.outagelab.lab;

import dev.outagelab.lab.cli.LabCommand;

/** Entry point of target/lab.jar (run by the ./lab script at the repository root). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(LabCommand.commandLine().execute(args));
    }
}
