package dev.outagelab.kit.fault;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.outagelab.kit.http.JsonReplies;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Applies the active faults to HTTP traffic before any application route sees it: every request on the
 * application port, and health and metrics on the management port for faults that target {@code all}.
 */
@Singleton
public class HttpFaultFilter {

    /** Far below every route Quarkus and its extensions register, so the fault comes first. */
    static final int ORDER = -100_000;
    /** How often expiring faults are noticed; bounds how long a hang outlives its duration. */
    private static final long PRUNE_INTERVAL_MS = 100;

    private final FaultRegistry registry;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final Queue<HeldRequest> held = new ConcurrentLinkedQueue<>();

    HttpFaultFilter(FaultRegistry registry, Vertx vertx, MeterRegistry meters) {
        this.registry = registry;
        this.vertx = vertx;
        this.meters = meters;
        registry.onHangEnded(this::releaseHeld);
    }

    void onStart(@Observes StartupEvent event) {
        vertx.setPeriodic(PRUNE_INTERVAL_MS, id -> registry.pruneExpired());
    }

    void applicationRoutes(@Observes Router router) {
        router.route().order(ORDER).handler(rc -> apply(rc, FaultTarget.APP));
    }

    void managementRoutes(@Observes ManagementInterface management) {
        // /q/* only: /admin/* stays reachable so a fault can always be listed and cleared.
        management.router().route("/q/*").order(ORDER).handler(rc -> apply(rc, FaultTarget.ALL));
    }

    private void apply(RoutingContext rc, FaultTarget traffic) {
        FaultDecision decision = registry.decide(traffic);
        if (decision.passes()) {
            rc.next();
            return;
        }
        if (decision.hang()) {
            count("hang");
            hold(rc, traffic);
            return;
        }
        Runnable finish = () -> {
            if (decision.errorStatus() != 0) {
                count("error");
                JsonReplies.error(rc, decision.errorStatus(), "injected_fault",
                        "an error fault is active on this instance");
            } else {
                rc.next();
            }
        };
        if (decision.delay().isZero()) {
            finish.run();
        } else {
            count("latency");
            vertx.setTimer(decision.delay().toMillis(), id -> finish.run());
        }
    }

    private void hold(RoutingContext rc, FaultTarget traffic) {
        HeldRequest request = new HeldRequest(rc, traffic, Vertx.currentContext());
        held.add(request);
        rc.response().closeHandler(v -> held.remove(request));
        // The hang may have ended between decide() and add(): never strand a request.
        if (!registry.hanging(traffic)) {
            releaseHeld();
        }
    }

    /** A hang that ends lets its held requests continue, through whatever faults remain. */
    private void releaseHeld() {
        HeldRequest request;
        while ((request = held.poll()) != null) {
            HeldRequest r = request;
            r.context().runOnContext(v -> apply(r.rc(), r.traffic()));
        }
    }

    private void count(String action) {
        meters.counter("lab.faults.applied", "action", action).increment();
    }

    private record HeldRequest(RoutingContext rc, FaultTarget traffic, Context context) {
    }
}
