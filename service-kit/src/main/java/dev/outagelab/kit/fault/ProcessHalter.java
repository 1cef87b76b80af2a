package dev.outagelab.kit.fault;

import jakarta.inject.Singleton;

/**
 * Ends the process the way a crash does: no shutdown hooks, no graceful drain. The exit status 134 is what an
 * aborting JVM reports, so supervisors and Kubernetes show it as a crash rather than a clean stop.
 */
@Singleton
public class ProcessHalter {

    public static final int CRASH_EXIT_STATUS = 134;

    public void halt() {
        Runtime.getRuntime().halt(CRASH_EXIT_STATUS);
    }
}
