package dev.outagelab.lab.local;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the supervisor is doing with an instance's process right now. */
public enum Phase {
    /** A process is alive (it may not be ready yet). */
    @JsonProperty("running") RUNNING,
    /** A process is alive but frozen with SIGSTOP by `lab pause` (a hung node: it holds its sockets, answers nothing). */
    @JsonProperty("paused") PAUSED,
    /** The process exited unexpectedly; a restart is scheduled after the backoff. */
    @JsonProperty("restarting") RESTARTING,
    /** No process, on purpose (stopped by the user or by shutdown). */
    @JsonProperty("stopped") STOPPED
}
