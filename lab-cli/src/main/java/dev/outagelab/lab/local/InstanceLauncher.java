package dev.outagelab.lab.local;

import dev.outagelab.lab.topology.Instance;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Starts one instance as a child process, the same way for the supervisor and for tests. */
public final class InstanceLauncher {

    public static final String NAME_PROPERTY = "lab.instance.name";
    public static final String STATE_DIR_PROPERTY = "lab.state-dir";

    private InstanceLauncher() {
    }

    /** The command line; it carries no secret, since any local user can read a command line. */
    public static List<String> command(LaunchSpec spec) {
        Instance instance = spec.instance();
        List<String> cmd = new ArrayList<>();
        cmd.add(JvmFlags.javaExecutable());
        cmd.addAll(JvmFlags.INSTANCE);
        cmd.add("-D" + NAME_PROPERTY + "=" + instance.name());
        cmd.add("-Dlab.instance.region=" + instance.region());
        instance.pop().ifPresent(pop -> cmd.add("-Dlab.instance.pop=" + pop));
        // Loopback only: the lab's admin API must not be reachable from the network.
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        cmd.add("-Dquarkus.http.port=" + spec.ports().app());
        cmd.add("-Dquarkus.management.host=127.0.0.1");
        cmd.add("-Dquarkus.management.port=" + spec.ports().management());
        spec.ports().dns().ifPresent(port -> cmd.add("-Ddns.port=" + port));
        spec.configFile().ifPresent(f -> cmd.add("-Dquarkus.config.locations=file:" + f.toAbsolutePath()));
        // Also the guard `lab down` checks before killing a recorded pid (pids get reused).
        cmd.add("-D" + STATE_DIR_PROPERTY + "=" + spec.stateDir());
        cmd.add("-jar");
        cmd.add(spec.jar().toString());
        return cmd;
    }

    public static Process start(LaunchSpec spec) throws IOException {
        Files.createDirectories(spec.workDir());
        Files.createDirectories(spec.logFile().getParent());
        ProcessBuilder pb = new ProcessBuilder(command(spec))
                .directory(spec.workDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()))
                .redirectErrorStream(true);
        pb.environment().putAll(spec.secrets().environmentFor(spec.instance().module()));
        return pb.start();
    }
}
