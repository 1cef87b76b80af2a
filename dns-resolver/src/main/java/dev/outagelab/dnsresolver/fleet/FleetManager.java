package dev.outagelab.dnsresolver.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One round of fleet health, run by every member on a timer but acted on only by the manager: the member with the
 * lowest name among those that answer, and only while a majority of the fleet answers (so a member cut off alone
 * never starts removing hosts). The manager keeps no state of its own; each round it asks every member, so whoever
 * is manager next round decides from the same facts.
 *
 * <p>A round, in order: bring back members whose maintenance is over or whose failure has passed; take out members
 * that are in service but do not answer DNS; then, if the rotation is due, take the next healthy member out for
 * maintenance, but only if the healthy members left in service stay at or above the floor and the hourly cap on
 * maintenance removals is not reached.
 */
public class FleetManager {

    public static final String MAINTENANCE = "maintenance";
    public static final String FAILING = "failing";
    static final Duration HOUR = Duration.ofHours(1);

    private final String self;
    private final List<Peer> members;
    private final Supplier<FleetConfig> config;
    private final FleetLog log;
    private volatile List<MemberStatus> lastView = List.of();
    private volatile boolean manager;
    private String lastHold;

    /** {@code members} includes this instance (as a {@link LocalPeer}) and every peer. */
    public FleetManager(String self, List<Peer> members, Supplier<FleetConfig> config, FleetLog log) {
        this.self = self;
        this.members = List.copyOf(members);
        this.config = config;
        this.log = log;
    }

    public synchronized void tick(Instant now) {
        List<MemberStatus> view = poll();
        manager = isManager(view);
        if (!manager) {
            lastHold = null;
            return;
        }
        FleetConfig policy = config.get();
        boolean changed = false;
        for (MemberStatus m : view) {
            if (!m.reachable() || m.inService()) {
                continue;
            }
            boolean maintenanceOver = MAINTENANCE.equals(m.reason()) && m.since() != null
                    && !now.isBefore(m.since().plus(policy.maintenanceDuration()));
            boolean recovered = FAILING.equals(m.reason()) && m.healthy();
            if (maintenanceOver || recovered) {
                changed |= tell(m.name(), true, null);
            }
        }
        for (MemberStatus m : view) {
            if (m.reachable() && m.inService() && !m.healthy()) {
                changed |= tell(m.name(), false, FAILING);
            }
        }
        if (policy.rotates()) {
            rotate(changed ? poll() : view, policy, now);
        }
    }

    private void rotate(List<MemberStatus> view, FleetConfig policy, Instant now) {
        Optional<Instant> last = view.stream().flatMap(m -> m.maintenanceRemovals().stream())
                .max(Comparator.naturalOrder());
        if (last.isPresent() && now.isBefore(last.get().plus(policy.rotationPeriod()))) {
            return;
        }
        // The member out for maintenance longest ago (never first, then by name) goes next: a round robin that
        // needs no memory beyond what the members report.
        Optional<MemberStatus> next = view.stream().filter(MemberStatus::servingHealthy)
                .min(Comparator.comparing((MemberStatus m) -> m.maintenanceRemovals().stream()
                        .max(Comparator.naturalOrder()).orElse(Instant.EPOCH)).thenComparing(MemberStatus::name));
        if (next.isEmpty()) {
            return;
        }
        long serving = view.stream().filter(MemberStatus::servingHealthy).count();
        int floor = policy.effectiveMinHealthyHosts();
        if (serving - 1 < floor) {
            hold("floor", "taking out " + next.get().name() + " would leave " + (serving - 1)
                    + " healthy members in service, below min-healthy-hosts " + floor, now);
            return;
        }
        long removedThisHour = view.stream().flatMap(m -> m.maintenanceRemovals().stream())
                .filter(t -> t.isAfter(now.minus(HOUR))).count();
        if (policy.maxRemovalsPerHour() > 0 && removedThisHour >= policy.maxRemovalsPerHour()) {
            hold("cap", removedThisHour + " members taken out for maintenance in the last hour, "
                    + "max-removals-per-hour " + policy.maxRemovalsPerHour(), now);
            return;
        }
        lastHold = null;
        tell(next.get().name(), false, MAINTENANCE);
    }

    /** Logs a held rotation once per reason, not every round. */
    private void hold(String why, String detail, Instant now) {
        if (!why.equals(lastHold)) {
            lastHold = why;
            log.record(new FleetLog.Event(now, "rotation-held", null, detail));
        }
    }

    private boolean tell(String name, boolean inService, String reason) {
        return members.stream().filter(p -> p.name().equals(name)).findFirst()
                .map(p -> p.setInService(inService, reason, self)).orElse(false);
    }

    private List<MemberStatus> poll() {
        List<MemberStatus> view = members.stream().map(Peer::status).toList();
        lastView = view;
        return view;
    }

    private boolean isManager(List<MemberStatus> view) {
        List<String> reachable = view.stream().filter(MemberStatus::reachable).map(MemberStatus::name).sorted()
                .toList();
        return reachable.size() * 2 > view.size() && Objects.equals(reachable.get(0), self);
    }

    public boolean manager() {
        return manager;
    }

    /** What the last round saw, in configured order. */
    public List<MemberStatus> lastView() {
        return lastView;
    }

    public int size() {
        return members.size();
    }
}
