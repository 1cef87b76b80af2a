package dev.outagelab.netpol;

/** One end of a connection: a pod in the cluster or an address outside it. */
public sealed interface Endpoint permits Pod, ExternalAddress {

    /** How reports name the endpoint. */
    String displayName();
}
