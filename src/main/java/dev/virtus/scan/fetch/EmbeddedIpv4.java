package dev.virtus.scan.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The IPv4 address inside an IPv6 address that carries one to an IPv4 host: NAT64 (64:ff9b::/96), 6to4
 * (2002::/16), Teredo (2001::/32, the client's address inverted in the last 32 bits), IPv4-compatible
 * (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d, which Java turns into IPv4 addresses itself, except when an
 * {@link Inet6Address} is built from bytes). Such an address reaches whatever its IPv4 address reaches, so it is judged by that.
 */
final class EmbeddedIpv4 {

    private static final byte[] NAT64_PREFIX = {0x00, 0x64, (byte) 0xFF, (byte) 0x9B, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] COMPATIBLE_PREFIX = new byte[12];
    private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF};

    private EmbeddedIpv4() {
    }

    static Optional<Inet4Address> of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        byte[] head = Arrays.copyOf(b, 12);
        if (Arrays.equals(head, NAT64_PREFIX) || Arrays.equals(head, MAPPED_PREFIX)) {
            return v4(b[12], b[13], b[14], b[15]);
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return v4(b[2], b[3], b[4], b[5]);
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            return v4((byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]);
        }
        boolean loopbackOrUnspecified = b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1);
        if (Arrays.equals(head, COMPATIBLE_PREFIX) && !loopbackOrUnspecified) {
            return v4(b[12], b[13], b[14], b[15]);
        }
        return Optional.empty();
    }

    private static Optional<Inet4Address> v4(byte a, byte b, byte c, byte d) {
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(new byte[] {a, b, c, d}));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
