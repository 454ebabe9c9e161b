package dev.jselect.internal.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A socket address the kernel wrote, as Java's {@link InetSocketAddress}: IPv4 and IPv6 with
 * their ports; AF_UNIX, which has no host and port, unresolved with the path as host string
 * ("" when unnamed) and port 0, the way Python returns a path string; any other family
 * unresolved as {@code "[family N] <hex>"}.
 */
final class SockAddrDecoder {
    private SockAddrDecoder() {}

    /** The first {@code length} bytes of {@code storage}, by the layouts of {@code l}. */
    static InetSocketAddress decode(SockAddrLayout l, MemorySegment storage, int length) {
        int len = (int) Math.min(length, storage.byteSize());
        int family = len >= 2 ? l.family(storage) : l.afUnix();
        try {
            if (family == l.afInet()) {
                byte[] raw = storage.asSlice(l.in4Addr(), 4).toArray(ValueLayout.JAVA_BYTE);
                return new InetSocketAddress(InetAddress.getByAddress(raw), Short.toUnsignedInt(storage.get(SockAddrLayout.PORT, l.in4Port())));
            }
            if (family == l.afInet6()) {
                byte[] raw = storage.asSlice(l.in6Addr(), 16).toArray(ValueLayout.JAVA_BYTE);
                int scope = storage.get(SockAddrLayout.SCOPE, l.in6Scope());
                // Inet6Address keeps IPv4-mapped addresses in their IPv6 form, as Python prints them
                InetAddress a = Inet6Address.getByAddress(null, raw, scope == 0 ? -1 : scope);
                return new InetSocketAddress(a, Short.toUnsignedInt(storage.get(SockAddrLayout.PORT, l.in6Port())));
            }
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // only thrown for a wrong array length
        }
        if (family == l.afUnix()) {
            return InetSocketAddress.createUnresolved(unixPath(storage, len, l), 0);
        }
        return undecoded(storage, len, family, l);
    }

    /**
     * An address of a family jselect does not decode (AF_NETLINK, AF_PACKET, ...), still usable to
     * print and compare, as Python's {@code (family, bytes)}: unresolved, host string
     * {@code "[family 16] 0000..."} (the bytes after the family, in hex), port 0.
     */
    private static InetSocketAddress undecoded(MemorySegment storage, int len, int family, SockAddrLayout l) {
        long from = l.familyOffset() + (l.familyIsByte() ? 1 : 2);
        StringBuilder hex = new StringBuilder("[family ").append(family).append("] ");
        for (long i = from; i < len; i++) {
            hex.append(String.format("%02x", storage.get(ValueLayout.JAVA_BYTE, i)));
        }
        return InetSocketAddress.createUnresolved(hex.toString(), 0);
    }

    private static String unixPath(MemorySegment storage, int len, SockAddrLayout l) {
        if (len <= l.unPath()) {
            return "";
        }
        byte[] path = storage.asSlice(l.unPath(), len - l.unPath()).toArray(ValueLayout.JAVA_BYTE);
        if (path[0] != 0 || !l.abstractNames()) { // a path ends at its NUL; a Linux abstract name is all len bytes
            for (int i = 0; i < path.length; i++) {
                if (path[i] == 0) {
                    path = Arrays.copyOf(path, i);
                    break;
                }
            }
        }
        return new String(path, StandardCharsets.UTF_8);
    }
}
