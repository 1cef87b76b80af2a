package dev.outagelab.dnsresolver.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether this instance is in service, and since when. The member, not the manager, keeps this: a new manager
 * rebuilds its whole view by asking the members, so the manager itself holds nothing that a crash could lose.
 */
public class MemberState {

    /** Removals older than this no longer matter to the hourly cap or to the rotation's order. */
    static final Duration MEMORY = Duration.ofHours(2);

    private final String name;
    private final FleetLog log;
    private boolean inService = true;
    private String reason;
    private Instant since;
    private String by;
    private final List<Instant> maintenanceRemovals = new ArrayList<>();

    public MemberState(String name, FleetLog log) {
        this.name = name;
        this.log = log;
    }

    public String name() {
        return name;
    }

    public synchronized boolean inService() {
        return inService;
    }

    public synchronized MemberStatus status(boolean healthy) {
        return new MemberStatus(name, true, inService, healthy, reason, since, by, List.copyOf(maintenanceRemovals));
    }

    /** Returns false when already in that state (nothing changes and nothing is logged). */
    public synchronized boolean take(boolean toService, String why, String who, Instant at) {
        if (toService == inService) {
            return false;
        }
        inService = toService;
        since = at;
        by = who;
        reason = toService ? null : why;
        if (!toService && FleetManager.MAINTENANCE.equals(why)) {
            maintenanceRemovals.removeIf(t -> t.isBefore(at.minus(MEMORY)));
            maintenanceRemovals.add(at);
        }
        log.record(new FleetLog.Event(at, toService ? "returned" : "removed", name,
                (toService ? "back in service" : "out of service: " + why) + ", by " + who));
        return true;
    }
}
