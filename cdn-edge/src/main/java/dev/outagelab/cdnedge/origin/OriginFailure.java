package dev.outagelab.cdnedge.origin;

/** Why no response came from the origin; each kind maps to one error page. */
public class OriginFailure extends Exception {

    /** The closed set of ways an origin fetch fails. */
    public enum Kind {
        DNS(502, "Bad Gateway"),
        CONNECT(503, "Service Unavailable"),
        TIMEOUT(503, "Service Unavailable"),
        POOL_EXHAUSTED(503, "Service Unavailable"),
        CIRCUIT_OPEN(503, "Service Unavailable"),
        TOO_LARGE(502, "Bad Gateway"),
        PROTOCOL(502, "Bad Gateway");

        private final int status;
        private final String reason;

        Kind(int status, String reason) {
            this.status = status;
            this.reason = reason;
        }

        public int status() {
            return status;
        }

        public String reason() {
            return reason;
        }
    }

    private final Kind kind;

    public OriginFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
