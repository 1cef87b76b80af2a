package dev.outagelab.lab.local;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** The POSIX signals the JDK cannot send itself (it only knows SIGTERM and SIGKILL). */
final class Signals {

    static final String STOP = "STOP";
    static final String CONT = "CONT";

    private Signals() {
    }

    /** Sends the signal with the shell's built-in `kill`, which every POSIX system has. */
    static void send(long pid, String signal) throws IOException {
        Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + signal + " " + pid)
                .redirectErrorStream(true)
                .start();
        try {
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IOException("kill -s " + signal + " " + pid + " did not finish in 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending SIG" + signal + " to " + pid, e);
        }
        if (kill.exitValue() != 0) {
            String output = new String(kill.getInputStream().readAllBytes()).trim();
            throw new IOException("kill -s " + signal + " " + pid + " failed: " + output);
        }
    }
}
