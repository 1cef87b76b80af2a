package dev.outagelab.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a drill script of k8s/drills with --dry-run: the commands it would run, one per line, each after "+ ". */
final class DrillScript {

    private DrillScript() {
    }

    static List<String> dryRun(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of("..", "k8s", "drills", script).toString(), "--dry-run"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "dry run of " + script + " did not finish");
        assertEquals(0, process.exitValue(), output);
        return output.lines().toList();
    }
}
