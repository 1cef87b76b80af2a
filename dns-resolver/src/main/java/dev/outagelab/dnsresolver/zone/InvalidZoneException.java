package dev.outagelab.dnsresolver.zone;

/** A configured zone that cannot be served; the message starts with the configuration key at fault. */
public class InvalidZoneException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidZoneException(String key, String problem) {
        super(key + ": " + problem);
    }
}
