package dev.outagelab.cdnedge.dns;

/** The origin's name could not be resolved by any configured resolver; the edge answers 502. */
public class DnsLookupException extends Exception {

    public DnsLookupException(String message) {
        super(message);
    }
}
