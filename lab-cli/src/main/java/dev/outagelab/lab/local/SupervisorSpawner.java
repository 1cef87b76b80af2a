package dev.outagelab.lab.local;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Starts `lab supervise` as a background process that outlives the `lab up` that started it. */
public final class SupervisorSpawner {

    private SupervisorSpawner() {
    }

    public static Process spawn(LabPaths paths, int portOffset) throws IOException {
        List<String> cmd = new ArrayList<>();
        // A new session: Ctrl-C or closing the terminal that ran `lab up` must not reach the supervisor.
        findOnPath("setsid").ifPresent(cmd::add);
        cmd.add(JvmFlags.javaExecutable());
        cmd.addAll(JvmFlags.SUPERVISOR);
        cmd.add("-D" + LabPaths.ROOT_PROPERTY + "=" + paths.root());
        cmd.addAll(selfLaunch(paths));
        cmd.addAll(List.of("supervise", "--state-dir", paths.stateDir().toString(),
                "--port-offset", Integer.toString(portOffset)));
        Files.createDirectories(paths.logsDir());
        return new ProcessBuilder(cmd)
                .directory(paths.stateDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(paths.supervisorLog().toFile()))
                .redirectErrorStream(true)
                .start();
    }

    /** `-jar lab.jar` when running from the jar (or when it is built); else this JVM's classpath, as in tests. */
    static List<String> selfLaunch(LabPaths paths) {
        try {
            Path codeSource = Paths.get(SupervisorSpawner.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            if (codeSource.toString().endsWith(".jar")) {
                return List.of("-jar", codeSource.toString());
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the other ways
        }
        if (Files.exists(paths.labJar())) {
            return List.of("-jar", paths.labJar().toString());
        }
        return List.of("-cp", System.getProperty("java.class.path"), "dev.outagelab.lab.Main");
    }

    private static Optional<String> findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Paths.get(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
