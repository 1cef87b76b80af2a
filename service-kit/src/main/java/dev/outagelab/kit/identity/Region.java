package dev.outagelab.kit.identity;

/**
 * The lab's three sites, laid out as GitHub's 2018 topology: two data centres and a cloud tie-breaker.
 * Lower-case constants so config and labels read {@code region=east}.
 */
public enum Region {
    east,
    west,
    cloud
}
