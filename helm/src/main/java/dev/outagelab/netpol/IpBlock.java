package dev.outagelab.netpol;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An {@code ipBlock} peer: addresses in {@code cidr} but in none of {@code except}.
 *
 * <p>Kubernetes means ipBlock for addresses outside the cluster; whether it matches pod IPs is left
 * to the network plugin, because pod IPs change with every restart. This evaluator does not model
 * that: an ipBlock never matches a {@link Pod}, only an {@link ExternalAddress}.
 */
public record IpBlock(Cidr cidr, List<Cidr> except) {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    public IpBlock {
        except = List.copyOf(except);
    }

    public static IpBlock of(String cidr, String... except) {
        return new IpBlock(Cidr.parse(cidr), List.of(except).stream().map(Cidr::parse).toList());
    }

    public boolean contains(InetAddress address) {
        return cidr.contains(address) && except.stream().noneMatch(excluded -> excluded.contains(address));
    }

    /** Parses an IP literal without ever asking DNS. */
    static InetAddress parseAddress(String literal) {
        if (!IP_LITERAL.matcher(literal).matches()) {
            throw new IllegalArgumentException("not an IP address: " + literal);
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }

    /** An address range such as 172.17.0.0/16 or fd00::/8. */
    public record Cidr(byte[] network, int prefixLength) {

        public static Cidr parse(String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("CIDR without a prefix length: " + text);
            }
            byte[] network = parseAddress(text.substring(0, slash)).getAddress();
            int prefixLength;
            try {
                prefixLength = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in CIDR " + text, e);
            }
            if (prefixLength < 0 || prefixLength > network.length * 8) {
                throw new IllegalArgumentException("prefix length out of range in CIDR " + text);
            }
            return new Cidr(network, prefixLength);
        }

        public boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixLength; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
