package dev.outagelab.dnsresolver.fleet;

/**
 * Semantic validation, the first of AWS's fixes after Seoul: a config is judged by what it would do to this fleet,
 * not only by whether it parses. The floor must be given, and must cover the hosts the fleet's load needs.
 */
public final class FleetConfigValidator {

    private FleetConfigValidator() {
    }

    /** Throws naming the first key at fault; {@code fleetSize} counts every configured member, this one included. */
    public static void check(FleetConfig config, int fleetSize) {
        if (config.peakQps().isEmpty()) {
            throw new InvalidFleetConfigException(FleetConfig.PEAK_QPS,
                    "is required while validation is on: without the fleet's load the floor cannot be checked");
        }
        if (config.hostQps().isEmpty() || config.hostQps().getAsInt() == 0) {
            throw new InvalidFleetConfigException(FleetConfig.HOST_QPS,
                    "is required while validation is on and must be at least 1 (queries per second one host serves)");
        }
        int peak = config.peakQps().getAsInt();
        int perHost = config.hostQps().getAsInt();
        int needed = Math.max(1, (peak + perHost - 1) / perHost);
        if (config.minHealthyHosts().isEmpty()) {
            throw new InvalidFleetConfigException(FleetConfig.MIN_HEALTHY_HOSTS, "is required; omitted, it would fall "
                    + "back to " + FleetConfig.LEGACY_MIN_HEALTHY_HOSTS + " and the rotation could take out host after "
                    + "host, while the load (" + FleetConfig.PEAK_QPS + " " + peak + ", " + FleetConfig.HOST_QPS + " "
                    + perHost + ") needs " + needed);
        }
        int floor = config.minHealthyHosts().getAsInt();
        if (floor < needed) {
            throw new InvalidFleetConfigException(FleetConfig.MIN_HEALTHY_HOSTS, floor + " is below the " + needed
                    + " hosts the load needs (" + FleetConfig.PEAK_QPS + " " + peak + " / " + FleetConfig.HOST_QPS
                    + " " + perHost + ")");
        }
        if (floor > fleetSize) {
            throw new InvalidFleetConfigException(FleetConfig.MIN_HEALTHY_HOSTS, floor + " is more than the "
                    + fleetSize + " hosts in the fleet (dns.fleet.peers)");
        }
        if (config.rotates() && config.maintenanceDuration().isZero()) {
            throw new InvalidFleetConfigException(FleetConfig.MAINTENANCE_DURATION,
                    "must be more than 0 while the rotation runs");
        }
    }
}
