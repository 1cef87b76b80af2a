package dev.outagelab.statuspage.core;

import java.net.URI;

/** One validated instance to probe. */
public record Target(String name, String component, String region, URI healthUrl) {
}
