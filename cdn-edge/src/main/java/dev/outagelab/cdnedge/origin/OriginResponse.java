package dev.outagelab.cdnedge.origin;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A complete response from an origin, body buffered. */
public record OriginResponse(int status, MultiMap headers, Buffer body) {
}
