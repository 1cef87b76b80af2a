package dev.outagelab.cdnedge.origin;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/** What the edge asks an origin for; headers are already cleaned of hop-by-hop fields. */
public record OriginRequest(HttpMethod method, String uri, MultiMap headers, Buffer body) {
}
