package dev.jselect.internal.net;

import dev.jselect.internal.sys.Constants;

import dev.jselect.internal.sys.Platform;

import dev.jselect.internal.Scratch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Socket addresses between Java and C: {@code struct sockaddr_in}, {@code sockaddr_in6} and
 * {@code sockaddr_un}, placed by the platform's layouts ({@link SockAddrLayout}), ports in
 * network byte order; read back by {@link SockAddrDecoder}.
 *
 * <p>Only numeric hosts, {@code ""} (any address) and {@code "<broadcast>"} are understood here:
 * nothing here asks DNS (names are resolved before, with getaddrinfo), so a bad address fails
 * with {@link IllegalArgumentException} in Java, before any system call ({@link IpLiteral}). An
 * address is first built as a C image in a Java array ({@link #inet}, {@link #unix}) and copied
 * into the {@code sockaddr} slice of the caller's {@link Scratch} block ({@link #copyIn}) right at
 * the call, and an address the kernel writes there is decoded before that block is closed.
 */
public final class SockAddr {
    public static final int AF_INET = Constants.AF_INET;
    public static final int AF_INET6 = Constants.AF_INET6;
    public static final int AF_UNIX = Constants.AF_UNIX;

    private static final @Nullable SockAddrLayout L = Platform.isSupported() ? new SockAddrLayout(Platform.abi()) : null;

    private SockAddr() {}

    private static SockAddrLayout layouts() {
        if (L == null) {
            throw Platform.unsupported("socket addresses");
        }
        return L;
    }

    /** The family a host string implies when none is given: AF_INET6 for an IPv6 literal, else AF_INET. */
    public static int familyOf(String host) {
        return Objects.requireNonNull(host, "host").indexOf(':') >= 0 ? AF_INET6 : AF_INET;
    }

    /**
     * True when {@link #inet(int, String, int)} takes {@code host} without a lookup: a numeric
     * literal of {@code family}, {@code ""} or (IPv4) {@code "<broadcast>"}, as CPython's setipaddr.
     */
    public static boolean isLiteral(int family, String host) {
        return IpLiteral.isLiteral(family, AF_INET, AF_INET6, host);
    }

    /**
     * The C image of {@code (host, port)} for a socket of {@code family} (AF_INET or AF_INET6):
     * a numeric literal of the family, or {@code ""}, the any-address.
     */
    public static byte[] inet(int family, String host, int port) {
        return inet(layouts(), family, host, port);
    }

    /**
     * The C image of a resolved {@code (address, port)} for a socket of {@code family}. An IPv4
     * address for an AF_INET6 socket becomes IPv4-mapped ({@code ::ffff:a.b.c.d}); an IPv6 one
     * for an AF_INET socket is refused, as getaddrinfo refuses it for that family.
     */
    public static byte[] inet(int family, InetAddress address, int port) {
        Objects.requireNonNull(address, "address");
        SockAddrLayout l = layouts();
        if (family == l.afInet() && !(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("an AF_INET socket cannot reach the IPv6 address " + address.getHostAddress());
        }
        // the literal round trip keeps one encoder for both forms (scope ids included)
        String literal = address.getHostAddress();
        return inet(l, family, family == l.afInet6() && address instanceof Inet4Address ? "::ffff:" + literal : literal, port);
    }

    /** {@link #inet(int, String, int)} for the ABI of {@code l}. */
    static byte[] inet(SockAddrLayout l, int family, String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        byte[] image;
        if (family == l.afInet()) {
            image = new byte[(int) l.in4Size()];
            MemorySegment s = MemorySegment.ofArray(image);
            s.set(SockAddrLayout.PORT, l.in4Port(), (short) port);
            System.arraycopy(IpLiteral.ipv4(host), 0, image, (int) l.in4Addr(), 4);
        } else if (family == l.afInet6()) {
            image = new byte[(int) l.in6Size()];
            MemorySegment s = MemorySegment.ofArray(image);
            s.set(SockAddrLayout.PORT, l.in6Port(), (short) port);
            InetAddress a = IpLiteral.ipv6(host);
            byte[] raw = a.getAddress();
            if (raw.length == 4) { // ofLiteral turns "::ffff:a.b.c.d" into an Inet4Address; keep it IPv4-mapped
                raw = IpLiteral.mapped(raw);
            }
            System.arraycopy(raw, 0, image, (int) l.in6Addr(), 16);
            if (a instanceof Inet6Address a6 && a6.getScopeId() > 0) {
                s.set(SockAddrLayout.SCOPE, l.in6Scope(), a6.getScopeId());
            }
        } else {
            throw new IllegalArgumentException("address family " + family + " takes no (host, port) address");
        }
        l.header(MemorySegment.ofArray(image), family);
        return image;
    }

    /**
     * The C image of an AF_UNIX address, as CPython builds it: a path (UTF-8) shorter than
     * {@code sun_path} (108 bytes on Linux, 104 on macOS), or on Linux an abstract name starting
     * with NUL (at most 108) or "" to autobind. Elsewhere a NUL in the path is refused, as
     * CPython refuses an embedded null byte.
     */
    public static byte[] unix(String path) {
        return unix(layouts(), path);
    }

    /** {@link #unix(String)} for the ABI of {@code l}. */
    static byte[] unix(SockAddrLayout l, String path) {
        Objects.requireNonNull(path, "path");
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = l.abstractNames() && (bytes.length == 0 || bytes[0] == 0);
        if (!l.abstractNames() && path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("AF_UNIX path contains a NUL byte (abstract names are Linux-only): " + path);
        }
        if (abstractName ? bytes.length > l.unPathSize() : bytes.length >= l.unPathSize()) {
            throw new IllegalArgumentException("AF_UNIX path too long (" + bytes.length + " bytes): " + path);
        }
        byte[] image = new byte[(int) l.unPath() + bytes.length + (abstractName ? 0 : 1)];
        l.header(MemorySegment.ofArray(image), l.afUnix());
        System.arraycopy(bytes, 0, image, (int) l.unPath(), bytes.length);
        return image;
    }

    /** {@code sc}'s sockaddr slice holding {@code image}, ready to pass as {@code const struct sockaddr *}. */
    public static MemorySegment copyIn(Scratch sc, byte[] image) {
        if (image.length > Scratch.SOCKADDR_BYTES) {
            throw new IllegalArgumentException("socket address too long: " + image.length + " bytes");
        }
        MemorySegment.copy(image, 0, sc.sockAddr, ValueLayout.JAVA_BYTE, 0, image.length);
        return sc.sockAddr;
    }

    /** {@code sc}'s empty {@code sockaddr_storage} for the kernel to fill; pass {@code sc.sockAddrLength} with it. */
    public static MemorySegment storage(Scratch sc) {
        sc.sockAddrLength.set(ValueLayout.JAVA_INT, 0, (int) layouts().storageSize());
        return sc.sockAddr;
    }

    /**
     * The address the kernel wrote into {@link #storage(Scratch)}. AF_UNIX addresses, which have
     * no host and port, come back unresolved with the path as host string ("" when unnamed) and
     * port 0, the way Python returns a path string.
     */
    public static InetSocketAddress decode(Scratch sc) {
        return SockAddrDecoder.decode(layouts(), sc.sockAddr, sc.sockAddrLength.get(ValueLayout.JAVA_INT, 0));
    }

    /** {@link #decode(Scratch)} of an address of {@code length} bytes held elsewhere (getaddrinfo's answers). */
    public static InetSocketAddress decode(MemorySegment address, int length) {
        return SockAddrDecoder.decode(layouts(), address, length);
    }

    /**
     * The address the kernel wrote into {@link #storage(Scratch)}, or null when it wrote none
     * (length 0: a connected stream's recvfrom, an unnamed socketpair peer), where Python gives None.
     */
    public static @Nullable InetSocketAddress decodeOrNull(Scratch sc) {
        return sc.sockAddrLength.get(ValueLayout.JAVA_INT, 0) == 0 ? null : decode(sc);
    }
}
