package dev.outagelab.kit.fault;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the transport-free {@link FaultRegistry} with the real clock and randomness. */
public class FaultBeans {

    @Produces
    @Singleton
    FaultRegistry faultRegistry() {
        return new FaultRegistry(Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
    }
}
