package dev.virtus.scan.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
}
