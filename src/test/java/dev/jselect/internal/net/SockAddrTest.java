package dev.jselect.internal.net;

import dev.jselect.internal.Scratch;

import dev.jselect.internal.sys.Abi;

import dev.jselect.internal.sys.Platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Address images against the C layout (family native order, port and address network order) and back. */
class SockAddrTest {
    private static final int AF_INET = SockAddr.AF_INET;
    private static final int AF_INET6 = SockAddr.AF_INET6;

    @Test
    void ipv4ImageMatchesStructSockaddrIn() {
        byte[] image = SockAddr.inet(AF_INET, "10.1.2.3", 0x1234);
        assertEquals(16, image.length, "sizeof(struct sockaddr_in)");
        assertEquals(AF_INET, familyOf(image));
        assertArrayEquals(new byte[] {0x12, 0x34, 10, 1, 2, 3}, Arrays.copyOfRange(image, 2, 8), "port then address, network order");
        assertArrayEquals(new byte[] {127, 0, 0, 1}, Arrays.copyOfRange(SockAddr.inet(AF_INET, "127.1", 1), 4, 8), "inet_aton's short forms");
        assertFalse(SockAddr.isLiteral(AF_INET, "localhost"), "a name, looked up by the caller");
        assertTrue(SockAddr.isLiteral(AF_INET, "<broadcast>"));
        assertTrue(SockAddr.isLiteral(AF_INET, ""));
        assertFalse(SockAddr.isLiteral(AF_INET6, "127.0.0.1"));
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
        assertTrue(SockAddr.isLiteral(AF_INET6, "::1"));
        assertFalse(SockAddr.isLiteral(AF_INET6, "localhost"));
        byte[] mapped = Arrays.copyOfRange(SockAddr.inet(AF_INET6, "::ffff:127.0.0.1", 1), 8, 24);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 127, 0, 0, 1}, mapped, "IPv4-mapped stays IPv6");
    }

    @Test
    void decodeReadsBackWhatWasEncoded() throws Exception {
        for (String[] c : new String[][] {{"4", "192.168.7.9"}, {"6", "fe80::abcd"}, {"6", "::ffff:10.0.0.1"}}) {
            int family = c[0].equals("4") ? AF_INET : AF_INET6;
            byte[] image = SockAddr.inet(family, c[1], 65535);
            InetSocketAddress a;
            try (Scratch sc = Scratch.take()) {
                MemorySegment storage = SockAddr.storage(sc);
                MemorySegment.copy(image, 0, storage, ValueLayout.JAVA_BYTE, 0, image.length);
                sc.sockAddrLength.set(ValueLayout.JAVA_INT, 0, image.length);
                a = SockAddr.decode(sc);
            }
            assertEquals(65535, a.getPort());
            byte[] expected = family == AF_INET ? Arrays.copyOfRange(image, 4, 8) : Arrays.copyOfRange(image, 8, 24);
            assertArrayEquals(expected, a.getAddress().getAddress(), c[1]);
        }
    }

    /** The family as the platform's struct places it: a native short at 0 on Linux, a byte at 1 on macOS. */
    private static int familyOf(byte[] image) {
        var sin = Platform.abi().layout("sockaddr_in");
        long offset = sin.byteOffset(PathElement.groupElement("sin_family"));
        MemorySegment s = MemorySegment.ofArray(image);
        return sin.select(PathElement.groupElement("sin_family")).byteSize() == 1 ? s.get(ValueLayout.JAVA_BYTE, offset)
                : s.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder()), offset);
    }

    @Test
    void linuxImagesStartWithANativeShortFamily() {
        SockAddrLayout linux = new SockAddrLayout(Abi.named(Abi.LINUX_AARCH64));
        byte[] image = SockAddr.inet(linux, 2, "10.1.2.3", 0x1234);
        assertArrayEquals(new byte[] {2, 0, 0x12, 0x34, 10, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0}, image);
        assertArrayEquals(new byte[] {1, 0, 'a', 0}, SockAddr.unix(linux, "a"));
        assertArrayEquals(new byte[] {10, 0}, Arrays.copyOfRange(SockAddr.inet(linux, 10, "::1", 1), 0, 2));
    }

    /** The BSD address header, a length byte then an 8-bit family, checked here although only macOS uses it. */
    @Test
    void macosImagesStartWithLengthAndByteFamily() throws Exception {
        SockAddrLayout mac = new SockAddrLayout(Abi.named(Abi.MACOS_AARCH64));
        byte[] in4 = SockAddr.inet(mac, 2, "10.1.2.3", 0x1234);
        assertArrayEquals(new byte[] {16, 2, 0x12, 0x34, 10, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0}, in4, "sin_len, sin_family, port, address");
        byte[] in6 = SockAddr.inet(mac, 30, "::1", 443);
        assertEquals(28, in6.length);
        assertArrayEquals(new byte[] {28, 30, 1, (byte) 0xBB}, Arrays.copyOfRange(in6, 0, 4));
        assertEquals(1, in6[23], "sin6_addr at 8");
        assertThrows(IllegalArgumentException.class, () -> SockAddr.inet(mac, 10, "::1", 1), "10 is not AF_INET6 on macOS");

        byte[] un = SockAddr.unix(mac, "/tmp/s");
        assertArrayEquals(new byte[] {9, 1, '/', 't', 'm', 'p', '/', 's', 0}, un, "sun_len counts the NUL");
        assertEquals(2 + 104, SockAddr.unix(mac, "x".repeat(103)).length);
        assertThrows(IllegalArgumentException.class, () -> SockAddr.unix(mac, "x".repeat(104)), "sun_path is 104 bytes");
        assertThrows(IllegalArgumentException.class, () -> SockAddr.unix(mac, "\0abc"), "no abstract names off Linux");

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment storage = arena.allocate(128);
            for (byte[] image : new byte[][] {in4, in6, un}) {
                storage.fill((byte) 0);
                MemorySegment.copy(image, 0, storage, ValueLayout.JAVA_BYTE, 0, image.length);
                InetSocketAddress a = SockAddrDecoder.decode(mac, storage, image.length);
                if (image == un) {
                    assertEquals("/tmp/s", a.getHostString());
                } else {
                    assertEquals(image == in4 ? 0x1234 : 443, a.getPort());
                    assertEquals(image == in4 ? "10.1.2.3" : "0:0:0:0:0:0:0:1", a.getAddress().getHostAddress());
                }
            }
            storage.fill((byte) 0);
            storage.set(ValueLayout.JAVA_BYTE, 0, (byte) 16);
            storage.set(ValueLayout.JAVA_BYTE, 1, (byte) 1);
            assertEquals("", SockAddrDecoder.decode(mac, storage, 16).getHostString(), "an unnamed peer: the path ends at its first NUL");
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "abstract names and the 108-byte sun_path are Linux's")
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
        for (String host : new String[] {"example.com", "localhost", "256.1.1.1", "1.2.3.4.5", "::1", " 127.0.0.1"}) {
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
