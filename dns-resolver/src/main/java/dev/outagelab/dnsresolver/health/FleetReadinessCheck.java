package dev.outagelab.dnsresolver.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.outagelab.dnsresolver.fleet.FleetService;
import dev.outagelab.dnsresolver.fleet.MemberStatus;

/**
 * Down while this instance is out of service (maintenance, failing, manual): the signal that makes the Kubernetes
 * Service, the lab runner and clients stop sending it queries, even though its DNS still answers.
 */
@Readiness
@ApplicationScoped
public class FleetReadinessCheck implements HealthCheck {

    private final FleetService fleet;

    FleetReadinessCheck(FleetService fleet) {
        this.fleet = fleet;
    }

    @Override
    public HealthCheckResponse call() {
        MemberStatus status = fleet.member().status(true);
        HealthCheckResponseBuilder health = HealthCheckResponse.named("fleet")
                .withData("member", status.name())
                .withData("in-service", status.inService());
        if (status.inService()) {
            return health.up().build();
        }
        return health.down().withData("reason", status.reason()).withData("since", String.valueOf(status.since()))
                .withData("by", status.by()).build();
    }
}
