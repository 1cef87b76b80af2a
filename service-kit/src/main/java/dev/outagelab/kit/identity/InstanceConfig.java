package dev.outagelab.kit.identity;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who this process is: set by {@code lab up} locally and from the pod's name and site in Kubernetes. */
@ConfigMapping(prefix = "lab.instance")
public interface InstanceConfig {

    /** Unique name in the lab, e.g. {@code db-node-east-0}; defaults to the module name. */
    @WithDefault("${quarkus.application.name}")
    String name();

    /** The site the instance runs in; one of east, west, cloud. */
    @WithDefault("east")
    Region region();

    /** The point of presence, for CDN edges only (e.g. {@code icn}). */
    Optional<String> pop();
}
