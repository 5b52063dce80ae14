package dev.virtus.scan.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import dev.virtus.scan.config.CidrRange;

/**
 * Which resolved addresses a URL fetch may connect to. A fetch is a request our server makes on the
 * caller's behalf, so every non-public address is refused unless an allowed range holds it: otherwise a
 * caller could reach the instance metadata service, the Lambda Runtime API (127.0.0.1:9001), the ECS
 * credentials endpoint (169.254.170.2) or anything else inside the VPC. An IPv6 address that carries an
 * IPv4 one is allowed when either lies in an allowed range.
 */
public final class AddressPolicy {

    /** Kinds of non-public address, each refused unless permitted. */
    public enum AddressClass {
        LOOPBACK("a loopback address"),
        PRIVATE("a private (RFC 1918 / shared 100.64.0.0/10) address"),
        LINK_LOCAL("a link-local address (169.254.0.0/16, fe80::/10: includes the instance metadata service 169.254.169.254)"),
        UNIQUE_LOCAL("a unique-local IPv6 address (fc00::/7: includes the instance metadata service fd00:ec2::254)"),
        MULTICAST("a multicast address"),
        RESERVED("a reserved IPv4 address (192.0.0.0/24, 198.18.0.0/15, 240.0.0.0/4 incl. broadcast 255.255.255.255)"
                + " or a local-use NAT64 address (64:ff9b:1::/48)"),
        UNSPECIFIED("an unspecified address (0.0.0.0/8, ::)");

        private final String description;

        AddressClass(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final List<CidrRange> allowed;

    /** @param allowed ranges whose non-public addresses are fetched too ({@code virtus.fetch.allowed-cidrs}) */
    public AddressPolicy(List<CidrRange> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    public static AddressPolicy publicOnly() {
        return new AddressPolicy(List.of());
    }

    /** The class that refuses {@code address}, if any: none for a public address or one inside an allowed range. */
    public Optional<AddressClass> refusal(InetAddress address) {
        return classify(address).filter(c -> !isAllowed(address));
    }

    private boolean isAllowed(InetAddress address) {
        Optional<Inet4Address> embedded = EmbeddedIpv4.of(address);
        return allowed.stream().anyMatch(range -> range.contains(address) || embedded.map(range::contains).orElse(false));
    }

    static Optional<AddressClass> classify(InetAddress address) {
        Optional<Inet4Address> embedded = EmbeddedIpv4.of(address);
        if (embedded.isPresent()) {
            return classify(embedded.get());
        }
        if (address.isAnyLocalAddress() || (address instanceof Inet4Address && address.getAddress()[0] == 0)) {
            return Optional.of(AddressClass.UNSPECIFIED);
        }
        if (address.isLoopbackAddress()) {
            return Optional.of(AddressClass.LOOPBACK);
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of(AddressClass.LINK_LOCAL);
        }
        if (address.isMulticastAddress()) {
            return Optional.of(AddressClass.MULTICAST);
        }
        if (address.isSiteLocalAddress() || isSharedAddressSpace(address)) {
            return Optional.of(AddressClass.PRIVATE);
        }
        if (address instanceof Inet6Address && (address.getAddress()[0] & 0xFE) == 0xFC) {
            return Optional.of(AddressClass.UNIQUE_LOCAL);
        }
        if (isReserved(address)) {
            return Optional.of(AddressClass.RESERVED);
        }
        return Optional.empty();
    }

    /** IETF protocol assignments, benchmarking, the old class E (with broadcast), and local-use NAT64. */
    private static boolean isReserved(InetAddress address) {
        int[] b = unsigned(address.getAddress());
        if (address instanceof Inet4Address) {
            return (b[0] == 192 && b[1] == 0 && b[2] == 0) || (b[0] == 198 && (b[1] & 0xFE) == 18) || b[0] >= 240;
        }
        return b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4] == 0x00 && b[5] == 0x01;
    }

    private static int[] unsigned(byte[] bytes) {
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xFF;
        }
        return values;
    }

    /** 100.64.0.0/10, carrier-grade NAT: not public, and not covered by {@link InetAddress#isSiteLocalAddress}. */
    private static boolean isSharedAddressSpace(InetAddress address) {
        byte[] bytes = address.getAddress();
        return address instanceof Inet4Address && (bytes[0] & 0xFF) == 100 && (bytes[1] & 0xC0) == 64;
    }
}
