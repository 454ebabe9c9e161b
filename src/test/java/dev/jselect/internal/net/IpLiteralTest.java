package dev.jselect.internal.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Numeric hosts as CPython's setipaddr reads them (socket.inet_aton, bind(("", 0)), "<broadcast>"). */
class IpLiteralTest {
    private static final int INET = 2;
    private static final int INET6 = 10;
    private static final int UNIX = 1;

    @Test
    void theTwoSpecialIpv4Names() {
        assertArrayEquals(new byte[4], IpLiteral.ipv4(""), "'' is INADDR_ANY");
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, IpLiteral.ipv4("<broadcast>"), "INADDR_BROADCAST");
        assertTrue(IpLiteral.isLiteral(INET, INET, INET6, "<broadcast>"));
        assertFalse(IpLiteral.isLiteral(INET6, INET, INET6, "<broadcast>"), "CPython: address family mismatched");
        assertThrows(IllegalArgumentException.class, () -> IpLiteral.ipv6("<broadcast>"));
        assertThrows(IllegalArgumentException.class, () -> IpLiteral.ipv4("<BROADCAST>"), "the name is case-sensitive");
    }

    @Test
    void inetAtonForms() {
        // socket.inet_aton: '127.1', '1', '0x7f.1', '4294967295'
        assertArrayEquals(new byte[] {127, 0, 0, 1}, IpLiteral.ipv4("127.1"));
        assertArrayEquals(new byte[] {0, 0, 0, 1}, IpLiteral.ipv4("1"));
        assertArrayEquals(new byte[] {127, 0, 0, 1}, IpLiteral.ipv4("0x7f.1"));
        assertArrayEquals(new byte[] {10, 0, 1, 2}, IpLiteral.ipv4("10.258"));
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, IpLiteral.ipv4("4294967295"));
        for (String bad : new String[] {"4294967296", "1.2.3.4.5", "256.0.0.1", "localhost", " 1.2.3.4", "1.2.3.4 ", "::1"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> IpLiteral.ipv4(bad), bad);
            assertEquals("not a numeric IPv4 address: '" + bad + "'", e.getMessage());
            assertNotNull(e.getCause(), "Java's own reason is kept");
            assertFalse(IpLiteral.isLiteral(INET, INET, INET6, bad), bad);
        }
    }

    @Test
    void anEmptyIpv6HostIsTheAnyAddress() throws Exception {
        InetAddress any = IpLiteral.ipv6("");
        assertInstanceOf(Inet6Address.class, any);
        assertArrayEquals(new byte[16], any.getAddress());
        assertTrue(any.isAnyLocalAddress());
        assertTrue(IpLiteral.isLiteral(INET6, INET, INET6, ""));
    }

    @Test
    void ipv6Literals() {
        assertArrayEquals(loopback6(), IpLiteral.ipv6("::1").getAddress());
        Inet6Address scoped = (Inet6Address) IpLiteral.ipv6("fe80::1%1");
        assertEquals(1, scoped.getScopeId(), "a numeric scope, as getaddrinfo reads it");
        assertInstanceOf(Inet4Address.class, IpLiteral.ipv6("::ffff:10.0.0.1"), "Java makes an Inet4Address of a mapped literal");
        for (String bad : new String[] {"::1::", "127.0.0.1", "localhost", "1:2:3:4:5:6:7:8:9", "::g"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> IpLiteral.ipv6(bad), bad);
            assertEquals("not a numeric IPv6 address: '" + bad + "'", e.getMessage());
            assertNotNull(e.getCause());
            assertFalse(IpLiteral.isLiteral(INET6, INET, INET6, bad), bad);
        }
        assertTrue(IpLiteral.isLiteral(INET6, INET, INET6, "::1"));
    }

    @Test
    void otherFamiliesHaveNoLiterals() {
        assertFalse(IpLiteral.isLiteral(UNIX, INET, INET6, ""));
        assertFalse(IpLiteral.isLiteral(UNIX, INET, INET6, "127.0.0.1"));
        assertTrue(IpLiteral.isLiteral(INET, INET, INET6, "127.0.0.1"));
    }

    @Test
    void mappedPutsTheIpv4BytesAfterFfff() {
        byte[] v4 = {(byte) 192, (byte) 168, 1, 2};
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, (byte) 192, (byte) 168, 1, 2}, IpLiteral.mapped(v4));
        assertEquals(4, v4.length, "the argument is not changed");
        assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 1, 2}, v4);
    }

    private static byte[] loopback6() {
        byte[] b = new byte[16];
        b[15] = 1;
        return b;
    }
}
