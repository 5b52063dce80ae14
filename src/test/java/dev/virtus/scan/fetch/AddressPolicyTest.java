package dev.virtus.scan.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.virtus.scan.config.CidrRange;
import dev.virtus.scan.fetch.AddressPolicy.AddressClass;

class AddressPolicyTest {

    @ParameterizedTest
    @CsvSource({
        "100.64.0.0, PRIVATE",
        "100.127.255.255, PRIVATE",
        "10.1.2.3, PRIVATE",
        "172.16.0.1, PRIVATE",
        "192.168.1.1, PRIVATE",
        "127.0.0.1, LOOPBACK",
        "169.254.169.254, LINK_LOCAL",
        "fd00:ec2::254, UNIQUE_LOCAL",
        "0.0.0.0, UNSPECIFIED",
        "224.0.0.1, MULTICAST",
        "192.0.0.8, RESERVED",
        "198.18.0.1, RESERVED",
        "198.19.255.255, RESERVED",
        "240.0.0.1, RESERVED",
        "255.255.255.255, RESERVED",
        // IPv6 forms embedding an IPv4 address are judged by it
        "64:ff9b::a9fe:a9fe, LINK_LOCAL",
        "64:ff9b::7f00:1, LOOPBACK",
        "64:ff9b:1::1, RESERVED",
        "2002:a00:7::1, PRIVATE",
        "2002:a9fe:a9fe::, LINK_LOCAL",
        "2001:0:4136:e378:8000:63bf:f5ff:fffe, PRIVATE",
        // Teredo clients 192.168.0.1, 192.0.0.8 and 0.0.0.0, each byte stored inverted
        "2001:0:4136:e378:8000:63bf:3f57:fffe, PRIVATE",
        "2001:0:4136:e378:8000:63bf:3fff:fff7, RESERVED",
        "2001:0:4136:e378:8000:63bf:ffff:ffff, UNSPECIFIED",
        "::a9fe:a9fe, LINK_LOCAL",
        "::10.0.0.1, PRIVATE",
    })
    void should_refuse_non_public_addresses(String address, AddressClass expected) throws UnknownHostException {
        assertEquals(Optional.of(expected), AddressPolicy.publicOnly().refusal(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100.63.255.255", "100.128.0.0", "198.17.255.255", "198.20.0.0", "192.0.1.1",
        "93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "64:ff9b::5db8:d822", "2002:5db8:d822::1"})
    void should_accept_public_addresses(String address) throws UnknownHostException {
        assertEquals(Optional.empty(), AddressPolicy.publicOnly().refusal(InetAddress.getByName(address)));
    }

    /** What an operator opening one internal network and one IPv6 range would write. */
    private static final AddressPolicy INTERNAL = new AddressPolicy(List.of(CidrRange.of("10.20.0.0/16"), CidrRange.of("fd12:3456::/48")));

    @ParameterizedTest
    @ValueSource(strings = {"10.20.0.1", "10.20.255.254", "fd12:3456::1", "fd12:3456:0:ffff::9", "::ffff:10.20.3.4", "64:ff9b::a14:304",
        "93.184.216.34"})
    void should_accept_addresses_inside_an_allowed_range(String address) throws UnknownHostException {
        assertEquals(Optional.empty(), INTERNAL.refusal(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @CsvSource({
        "10.21.0.1, PRIVATE",
        "10.19.255.255, PRIVATE",
        "fd12:3457::1, UNIQUE_LOCAL",
        // instance metadata, ECS credentials, the Lambda Runtime API: outside every range an operator opens for a host
        "169.254.169.254, LINK_LOCAL",
        "fd00:ec2::254, UNIQUE_LOCAL",
        "169.254.170.2, LINK_LOCAL",
        "127.0.0.1, LOOPBACK",
    })
    void should_refuse_non_public_addresses_outside_the_allowed_ranges(String address, AddressClass expected) throws UnknownHostException {
        assertEquals(Optional.of(expected), INTERNAL.refusal(InetAddress.getByName(address)));
    }

    @Test
    void should_reach_the_instance_metadata_service_only_when_a_range_names_it() throws UnknownHostException {
        InetAddress metadata = InetAddress.getByName("169.254.169.254");

        assertEquals(Optional.empty(), new AddressPolicy(List.of(CidrRange.of("169.254.169.254"))).refusal(metadata));
        assertEquals(Optional.of(AddressClass.LINK_LOCAL), new AddressPolicy(List.of(CidrRange.of("169.254.170.0/24"))).refusal(metadata));
    }

    @ParameterizedTest
    @ValueSource(strings = {"internal.example.com", "cafe", "10.0.0.0/33", "fd00::/129", "10.0.0.1/8", "10.0.0.0/x", "10.0.0/8", "fe80::1%eth0/64"})
    void should_refuse_a_range_that_is_not_an_address_literal_with_a_fitting_prefix(String cidr) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> CidrRange.of(cidr));

        assertTrue(error.getMessage().contains("'" + cidr + "' is not a CIDR range"), error.getMessage());
    }
}
