package dev.outagelab.statuspage.core;

import java.util.Collection;

/** Turns instance states into component, group and page statuses. Pure functions, unit-tested. */
public final class StatusRollup {

    private StatusRollup() {
    }

    public static ComponentStatus instanceStatus(TargetStatus status) {
        return switch (status) {
            case UP -> ComponentStatus.OPERATIONAL;
            case DOWN -> ComponentStatus.MAJOR_OUTAGE;
            case UNKNOWN -> ComponentStatus.UNDER_MAINTENANCE;
        };
    }

    /**
     * A group is operational when every probed child is up, a major outage when every probed child is
     * down, a partial outage otherwise. Children not yet probed are left out; if none has been probed
     * the group is not yet known either.
     */
    public static ComponentStatus groupStatus(Collection<TargetStatus> children) {
        long up = children.stream().filter(s -> s == TargetStatus.UP).count();
        long down = children.stream().filter(s -> s == TargetStatus.DOWN).count();
        if (up == 0 && down == 0) {
            return ComponentStatus.UNDER_MAINTENANCE;
        }
        if (down == 0) {
            return ComponentStatus.OPERATIONAL;
        }
        return up == 0 ? ComponentStatus.MAJOR_OUTAGE : ComponentStatus.PARTIAL_OUTAGE;
    }

    /**
     * The page indicator comes from the worst group, not the worst instance: one replica of three down
     * is a partial outage of the database, not a major outage of the site.
     */
    public static Indicator indicator(Collection<ComponentStatus> groups) {
        ComponentStatus worst = ComponentStatus.OPERATIONAL;
        for (ComponentStatus status : groups) {
            if (status != ComponentStatus.UNDER_MAINTENANCE && status.compareTo(worst) > 0) {
                worst = status;
            }
        }
        return switch (worst) {
            case OPERATIONAL, UNDER_MAINTENANCE -> Indicator.NONE;
            case DEGRADED_PERFORMANCE -> Indicator.MINOR;
            case PARTIAL_OUTAGE -> Indicator.MAJOR;
            case MAJOR_OUTAGE -> Indicator.CRITICAL;
        };
    }
}
