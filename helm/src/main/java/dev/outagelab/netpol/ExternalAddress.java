package dev.outagelab.netpol;

import java.net.InetAddress;

/** An address outside the cluster's pods (a node, the internet); only ipBlock peers can match it. */
public record ExternalAddress(InetAddress address) implements Endpoint {

    public static ExternalAddress of(String literal) {
        return new ExternalAddress(IpBlock.parseAddress(literal));
    }

    @Override
    public String displayName() {
        return address.getHostAddress();
    }
}
