package dev.outagelab.statuspage.health;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.outagelab.statuspage.probe.Prober;

/**
 * Ready once every target has been probed at least once (before that the page could only guess), and
 * no longer ready if probe rounds stop finishing, because then the page shows stale data as current.
 */
@Readiness
@ApplicationScoped
public class ProbeRoundsReadiness implements HealthCheck {

    /** Rounds finish within the probe timeout; this many missed intervals means the prober is stuck. */
    private static final int STALE_INTERVALS = 10;
    private static final Duration MIN_STALE = Duration.ofSeconds(5);

    @Inject
    Prober prober;

    @Override
    public HealthCheckResponse call() {
        Instant last = prober.lastRoundCompletedAt();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("status-page probes")
                .withData("targets", prober.board().size())
                .withData("rounds", prober.roundsCompleted());
        if (last == null) {
            return response.down().withData("error", "first probe round not finished yet").build();
        }
        response.withData("lastRoundAt", last.toString());
        Duration stale = prober.interval().multipliedBy(STALE_INTERVALS);
        if (stale.compareTo(MIN_STALE) < 0) {
            stale = MIN_STALE;
        }
        Duration age = Duration.between(last, Instant.now());
        if (age.compareTo(stale) > 0) {
            return response.down().withData("error", "no probe round finished for " + age.toMillis() + "ms").build();
        }
        return response.up().build();
    }
}
