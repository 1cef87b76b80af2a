package dev.outagelab.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker CLI, one command at a time, each with a deadline; output is stdout and stderr together. */
final class Docker {

    private Docker() {
    }

    /** Whether a daemon answers (the CLI alone is not enough to build or run anything). */
    static boolean answers() {
        try {
            return exec(List.of("version", "--format", "{{.Server.Version}}"), Duration.ofSeconds(20)).exitCode() == 0;
        } catch (UncheckedIOException e) {
            return false; // no docker CLI
        }
    }

    static boolean imageExists(String image) {
        return exec(List.of("image", "inspect", image), Duration.ofSeconds(20)).exitCode() == 0;
    }

    /** Runs docker with these arguments and returns its output; fails with that output if docker fails. */
    static String run(List<String> args, Duration timeout) {
        Result result = exec(args, timeout);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " exited " + result.exitCode()
                    + ":\n" + result.output());
        }
        return result.output().trim();
    }

    /** Like {@link #run} but never throws for docker's exit code: for clean-up and diagnostics. */
    static Result exec(List<String> args, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run docker", e);
        }
        try {
            process.getOutputStream().close();
            // Read on another thread so a chatty build cannot block on a full pipe before the deadline.
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.append("(output lost: ").append(e).append(')');
                }
            });
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                reader.join(TimeUnit.SECONDS.toMillis(5));
                return new Result(-1, "timed out after " + timeout + ":\n" + output);
            }
            reader.join();
            return new Result(process.exitValue(), output.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    record Result(int exitCode, String output) {
    }
}
