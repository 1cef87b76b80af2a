package dev.outagelab.lab.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outagelab.lab.local.InstanceRecord;

import java.util.Locale;

/** The closed set of states `lab status` reports for an instance. */
public enum InstanceState {
    /** Running and answering 200 on its readiness URL. */
    @JsonProperty("ready") READY,
    /** Running, not ready yet (never was, for this process). */
    @JsonProperty("starting") STARTING,
    /** Running, was ready, now failing its readiness check. */
    @JsonProperty("unready") UNREADY,
    /** Stopped on purpose (`lab stop`). */
    @JsonProperty("stopped") STOPPED,
    /** Frozen by `lab pause` (SIGSTOP): alive, holding its ports, answering nothing. */
    @JsonProperty("paused") PAUSED,
    /** Exited unexpectedly; the supervisor restarts it after its backoff. */
    @JsonProperty("restarting") RESTARTING,
    /** No supervisor: the lab is not up. */
    @JsonProperty("down") DOWN;

    /** The state of a supervised instance given one readiness probe of it. */
    public static InstanceState of(InstanceRecord record, boolean probeOk) {
        return switch (record.phase()) {
            case STOPPED -> STOPPED;
            case RESTARTING -> RESTARTING;
            case PAUSED -> PAUSED;
            case RUNNING -> {
                if (record.pid() == null) {
                    yield RESTARTING;
                } else if (probeOk) {
                    yield READY;
                } else {
                    yield record.ready() ? UNREADY : STARTING;
                }
            }
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
