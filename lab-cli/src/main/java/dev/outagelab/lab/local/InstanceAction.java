package dev.outagelab.lab.local;

import java.util.Locale;

/** What the control API can do to one instance; the wire name is the last segment of its URL. */
public enum InstanceAction {
    /** Start now (forgetting earlier crashes) unless it runs. */
    START,
    /** Stop on purpose: SIGTERM, SIGKILL after the grace period; no restart until START. */
    STOP,
    /** SIGKILL now; restarted after the backoff, like a crashed pod. */
    KILL,
    /** SIGSTOP: alive, ports open, answering nothing. */
    PAUSE,
    /** SIGCONT after PAUSE. */
    RESUME;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
