package dev.jselect.internal.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.internal.sys.Abi;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Addresses as the kernel writes them, byte by byte (Linux: a little-endian 16-bit family at 0,
 * the port big-endian at 2), decoded with the Linux and the macOS layouts.
 */
class SockAddrDecoderTest {
    private static final SockAddrLayout LINUX = new SockAddrLayout(Abi.named(Abi.LINUX_X86_64));
    private static final SockAddrLayout MAC = new SockAddrLayout(Abi.named(Abi.MACOS_AARCH64));
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void free() {
        arena.close();
    }

    private MemorySegment storage(int... bytes) {
        MemorySegment s = arena.allocate(128);
        for (int i = 0; i < bytes.length; i++) {
            s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) bytes[i]);
        }
        return s;
    }

    private static InetSocketAddress decode(SockAddrLayout l, MemorySegment s, int len) {
        return SockAddrDecoder.decode(l, s, len);
    }

    @Test
    void ipv4() {
        MemorySegment s = storage(2, 0, 0x1f, 0x90, 192, 168, 1, 20, 9, 9, 9, 9, 9, 9, 9, 9);
        InetSocketAddress a = decode(LINUX, s, 16);
        assertInstanceOf(Inet4Address.class, a.getAddress());
        assertEquals("192.168.1.20", a.getAddress().getHostAddress());
        assertEquals(8080, a.getPort());
        assertEquals(65535, decode(LINUX, storage(2, 0, 0xff, 0xff, 1, 2, 3, 4), 16).getPort(), "the port is unsigned");
    }

    @Test
    void ipv6ScopeIds() {
        // sockaddr_in6: family, port, flowinfo (4), address (16), scope id (native int at 24)
        int[] in6 = {10, 0, 0x01, 0xbb, 0, 0, 0, 0, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 0, 0, 0};
        InetSocketAddress a = decode(LINUX, storage(in6), 28);
        Inet6Address addr = (Inet6Address) a.getAddress();
        assertEquals(443, a.getPort());
        assertEquals(3, addr.getScopeId(), "the link's index, as Python's (host, port, flowinfo, scope_id)");
        assertTrue(addr.getHostAddress().endsWith("%3"), addr.getHostAddress());

        in6[24] = 0;
        Inet6Address unscoped = (Inet6Address) decode(LINUX, storage(in6), 28).getAddress();
        assertEquals(0, unscoped.getScopeId());
        assertNull(unscoped.getScopedInterface());
        assertEquals("fe80:0:0:0:0:0:0:1", unscoped.getHostAddress(), "scope 0 is no scope: no %0");

        in6[24] = 0xff;
        in6[25] = 0xff;
        in6[26] = 0xff;
        in6[27] = 0x7f;
        assertEquals(Integer.MAX_VALUE, ((Inet6Address) decode(LINUX, storage(in6), 28).getAddress()).getScopeId());
    }

    @Test
    void ipv4MappedStaysIpv6() {
        int[] in6 = {10, 0, 0, 80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1, 0, 0, 0, 0};
        InetSocketAddress a = decode(LINUX, storage(in6), 28);
        assertInstanceOf(Inet6Address.class, a.getAddress(), "Python prints '::ffff:127.0.0.1'");
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 127, 0, 0, 1}, a.getAddress().getAddress());
        assertEquals(80, a.getPort());
    }

    @Test
    void shortAddressesAreUnnamed() {
        // accept/getpeername on an unnamed AF_UNIX socket: only the family (2 bytes), or nothing at all
        for (int len : new int[] {0, 1}) {
            InetSocketAddress a = decode(LINUX, storage(2, 0, 0, 80, 1, 2, 3, 4), len);
            assertTrue(a.isUnresolved(), "fewer bytes than a family: an unnamed address, whatever the storage holds");
            assertEquals("", a.getHostString());
            assertEquals(0, a.getPort());
        }
        assertEquals("", decode(LINUX, storage(1, 0, 'a', 'b'), 2).getHostString(), "AF_UNIX with no path");
        assertEquals("a", decode(LINUX, storage(1, 0, 'a', 'b'), 3).getHostString(), "a path cut at the length");
        assertEquals("", decode(MAC, storage(2, 1, 'a'), 2).getHostString());
        assertEquals("a", decode(MAC, storage(3, 1, 'a'), 3).getHostString());
    }

    @Test
    void unixPathsEndAtTheirNulAndAbstractNamesDoNot() {
        assertEquals("/tmp/s", decode(LINUX, storage(1, 0, '/', 't', 'm', 'p', '/', 's', 0, 'x', 'y'), 11).getHostString());
        assertEquals("/tmp/s", decode(LINUX, storage(1, 0, '/', 't', 'm', 'p', '/', 's'), 8).getHostString(), "no NUL within the length");
        assertEquals("/", decode(LINUX, storage(1, 0, '/', 0, 0, 0), 6).getHostString());
        assertEquals("\0ab\0c", decode(LINUX, storage(1, 0, 0, 'a', 'b', 0, 'c', 0), 7).getHostString(),
                "a Linux abstract name is every byte of the length, NULs too");
        assertEquals("", decode(MAC, storage(8, 1, 0, 'a', 'b', 0, 'c', 0), 8).getHostString(), "macOS has no abstract names");
        assertEquals("\u00e9", decode(LINUX, storage(1, 0, 0xc3, 0xa9, 0), 5).getHostString(), "UTF-8");
    }

    @Test
    void theLengthIsCappedAtTheStorage() {
        MemorySegment small = arena.allocate(4);
        small.copyFrom(MemorySegment.ofArray(new byte[] {1, 0, 'a', 'b'}));
        assertEquals("ab", SockAddrDecoder.decode(LINUX, small, 110).getHostString());
    }

    @Test
    void otherFamiliesAreUndecoded() {
        // AF_NETLINK (16): the bytes after the family, in hex, as Python's (family, bytes)
        InetSocketAddress a = decode(LINUX, storage(16, 0, 0, 0, 0x2a, 0, 0, 0, 1, 0, 0, 0xab), 12);
        assertTrue(a.isUnresolved());
        assertEquals("[family 16] 00002a000000010000ab", a.getHostString());
        assertEquals(0, a.getPort());
        assertEquals("[family 17] ", decode(LINUX, storage(17, 0, 0xff), 2).getHostString(), "nothing after the family");
        assertEquals("[family 257] 0f", decode(LINUX, storage(1, 1, 0x0f, 0xee), 3).getHostString(), "a 16-bit family");
        // macOS: length byte, 8-bit family, then the data
        assertEquals("[family 18] 0102", decode(MAC, storage(4, 18, 1, 2, 3), 4).getHostString());
    }
}
