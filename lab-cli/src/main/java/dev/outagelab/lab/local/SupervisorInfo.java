package dev.outagelab.lab.local;

/** supervisor.json: how the other `lab` commands find the running supervisor. */
public record SupervisorInfo(long pid, int controlPort, int portOffset, String startedAt) {
}
