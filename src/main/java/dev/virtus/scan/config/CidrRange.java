package dev.virtus.scan.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.20.0.0/16}, {@code fd12:3456::/48}); a bare
 * address is a range of one. Only literals are read: a host name is refused, never looked up.
 */
public record CidrRange(byte[] network, int prefixLength) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /**
     * Reads {@code address/prefix}; the config's converter for {@code virtus.fetch.allowed-cidrs}.
     *
     * @throws IllegalArgumentException when it is not an address literal with a prefix that fits it, or
     *         sets bits past the prefix (a likely typo: {@code 10.0.0.1/8} was meant as one address or as {@code 10.0.0.0/8})
     */
    public static CidrRange of(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String literal = slash < 0 ? text : text.substring(0, slash);
        if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
            throw invalid(cidr, "not an IPv4 or IPv6 address literal");
        }
        byte[] network;
        try {
            network = InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw invalid(cidr, e.getMessage());
        }
        int bits = network.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw invalid(cidr, "the prefix length is not a number");
        }
        if (prefix < 0 || prefix > bits) {
            throw invalid(cidr, "the prefix length must be 0 to " + bits);
        }
        for (int bit = prefix; bit < bits; bit++) {
            if (bitAt(network, bit)) {
                throw invalid(cidr, "it sets address bits past the prefix length " + prefix);
            }
        }
        return new CidrRange(network, prefix);
    }

    /** Whether {@code address} lies in this range; an IPv4 range never holds an IPv6 address, nor the other way round. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit++) {
            if (bitAt(bytes, bit) != bitAt(network, bit)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean bitAt(byte[] bytes, int bit) {
        return (bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0;
    }

    private static IllegalArgumentException invalid(String cidr, String why) {
        return new IllegalArgumentException("'" + cidr + "' is not a CIDR range (e.g. 10.20.0.0/16 or fd12:3456::/48): " + why);
    }
}
