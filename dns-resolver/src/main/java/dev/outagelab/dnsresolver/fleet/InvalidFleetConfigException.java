package dev.outagelab.dnsresolver.fleet;

/** A fleet config that is refused; {@code key} names the setting at fault so the message can say which one. */
public class InvalidFleetConfigException extends RuntimeException {

    private final String key;

    public InvalidFleetConfigException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
