package dev.outagelab.statuspage.core;

import java.util.Collection;

/** Group and page statuses from component statuses. Pure functions, unit-tested. */
public final class StatusRollup {

    private StatusRollup() {
    }

    /** The worst status among the children; maintenance only when every child is under maintenance. */
    public static ComponentStatus worst(Collection<ComponentStatus> children) {
        ComponentStatus worst = null;
        for (ComponentStatus status : children) {
            if (worst == null || status.worseThan(worst)) {
                worst = status;
            }
        }
        return worst == null ? ComponentStatus.OPERATIONAL : worst;
    }

    /**
     * The page indicator from the worst top-level component or group: one replica of three down is a
     * partial outage of the database, not a major outage of the site. Maintenance is not an outage.
     */
    public static Indicator indicator(Collection<ComponentStatus> components) {
        int worst = 0;
        for (ComponentStatus status : components) {
            worst = Math.max(worst, status.severity());
        }
        return switch (worst) {
            case 0 -> Indicator.NONE;
            case 1 -> Indicator.MINOR;
            case 2 -> Indicator.MAJOR;
            default -> Indicator.CRITICAL;
        };
    }
}
