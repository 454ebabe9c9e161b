package dev.jselect.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Address images against the C layout (family native order, port and address network order) and back. */
class SockAddrTest {
    private static final int AF_INET = SockAddr.AF_INET;
    private static final int AF_INET6 = SockAddr.AF_INET6;

    @Test
    void ipv4ImageMatchesStructSockaddrIn() {
        byte[] image = SockAddr.inet(AF_INET, "10.1.2.3", 0x1234);
        assertEquals(16, image.length, "sizeof(struct sockaddr_in)");
        assertEquals(AF_INET, MemorySegment.ofArray(image).get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder()), 0));
        assertArrayEquals(new byte[] {0x12, 0x34, 10, 1, 2, 3}, Arrays.copyOfRange(image, 2, 8), "port then address, network order");
        assertArrayEquals(new byte[] {127, 0, 0, 1}, Arrays.copyOfRange(SockAddr.inet(AF_INET, "localhost", 1), 4, 8));
        assertArrayEquals(new byte[] {127, 0, 0, 1}, Arrays.copyOfRange(SockAddr.inet(AF_INET, "127.1", 1), 4, 8), "inet_aton's short forms, as getaddrinfo");
        assertArrayEquals(new byte[4], Arrays.copyOfRange(SockAddr.inet(AF_INET, "", 1), 4, 8));
    }

    @Test
    void ipv6ImageMatchesStructSockaddrIn6() {
        byte[] image = SockAddr.inet(AF_INET6, "::1", 443);
        assertEquals(28, image.length, "sizeof(struct sockaddr_in6)");
        assertArrayEquals(new byte[] {1, (byte) 0xBB}, Arrays.copyOfRange(image, 2, 4));
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        assertArrayEquals(loopback, Arrays.copyOfRange(image, 8, 24));
        assertArrayEquals(loopback, Arrays.copyOfRange(SockAddr.inet(AF_INET6, "localhost", 1), 8, 24));
        byte[] mapped = Arrays.copyOfRange(SockAddr.inet(AF_INET6, "::ffff:127.0.0.1", 1), 8, 24);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 127, 0, 0, 1}, mapped, "IPv4-mapped stays IPv6");
    }

    @Test
    void decodeReadsBackWhatWasEncoded() throws Exception {
        for (String[] c : new String[][] {{"4", "192.168.7.9"}, {"6", "fe80::abcd"}, {"6", "::ffff:10.0.0.1"}}) {
            int family = c[0].equals("4") ? AF_INET : AF_INET6;
            byte[] image = SockAddr.inet(family, c[1], 65535);
            MemorySegment storage = SockAddr.storage();
            MemorySegment.copy(image, 0, storage, ValueLayout.JAVA_BYTE, 0, image.length);
            SockAddr.storageLength().set(ValueLayout.JAVA_INT, 0, image.length);
            InetSocketAddress a = SockAddr.decode(storage);
            assertEquals(65535, a.getPort());
            byte[] expected = family == AF_INET ? Arrays.copyOfRange(image, 4, 8) : Arrays.copyOfRange(image, 8, 24);
            assertArrayEquals(expected, a.getAddress().getAddress(), c[1]);
        }
    }

    @Test
    void unixImagesFollowCpython() {
        byte[] path = SockAddr.unix("/tmp/s");
        assertEquals(2 + 6 + 1, path.length, "family, path, NUL");
        assertEquals(2 + 4, SockAddr.unix("\0abc").length, "an abstract name has no NUL terminator");
        assertEquals(2, SockAddr.unix("").length, "autobind");
        assertEquals(2 + 108, SockAddr.unix("x".repeat(107)).length);
        assertThrows(IllegalArgumentException.class, () -> SockAddr.unix("x".repeat(108)));
        assertEquals(2 + 108, SockAddr.unix("\0" + "x".repeat(107)).length);
    }

    @Test
    void badHostsAndPortsAreIllegalArguments() {
        for (String host : new String[] {"example.com", "256.1.1.1", "1.2.3.4.5", "::1", " 127.0.0.1"}) {
            assertThrows(IllegalArgumentException.class, () -> SockAddr.inet(AF_INET, host, 1), host);
        }
        for (String host : new String[] {"example.com", "127.0.0.1", "::1::", "[::1"}) {
            assertThrows(IllegalArgumentException.class, () -> SockAddr.inet(AF_INET6, host, 1), host);
        }
        assertThrows(IllegalArgumentException.class, () -> SockAddr.inet(AF_INET, "127.0.0.1", 65536));
        assertThrows(IllegalArgumentException.class, () -> SockAddr.inet(AF_INET, "127.0.0.1", -1));
        assertThrows(IllegalArgumentException.class, () -> SockAddr.inet(SockAddr.AF_UNIX, "127.0.0.1", 1));
        assertEquals(AF_INET6, SockAddr.familyOf("::1"));
        assertEquals(AF_INET, SockAddr.familyOf("localhost"));
    }
}
