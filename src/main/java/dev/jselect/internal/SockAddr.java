package dev.jselect.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Socket addresses between Java and C: {@code struct sockaddr_in}, {@code sockaddr_in6} and
 * {@code sockaddr_un}, placed by the platform's layouts, ports in network byte order. Linux
 * starts every address with a 16-bit family; the BSDs with a length byte and an 8-bit family.
 *
 * <p>Only numeric hosts, {@code ""} (any address) and {@code "<broadcast>"} are understood here:
 * nothing here asks DNS (names are resolved before, with getaddrinfo), so a bad address fails
 * with {@link IllegalArgumentException} in Java, before any system call. An address is first built as a C image in a Java array ({@link #inet}, {@link #unix})
 * and copied into this thread's native scratch area ({@link #copyIn}) right at the call.
 *
 * <p>Native memory: one {@code sockaddr_storage} plus its {@code socklen_t} per thread, from an
 * automatic arena; valid until the thread's next call here.
 */
public final class SockAddr {
    public static final int AF_INET = Platform.constant("AF_INET");
    public static final int AF_INET6 = Platform.constant("AF_INET6");
    public static final int AF_UNIX = Platform.constant("AF_UNIX");

    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt SCOPE = ValueLayout.JAVA_INT_UNALIGNED;
    private static final Layouts L = Platform.isSupported() ? new Layouts(Platform.abi()) : null;
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(layouts().storageSize + 8, 8));

    private SockAddr() {}

    /** Families, sizes and member offsets of the address structs of one ABI. */
    record Layouts(int afInet, int afInet6, int afUnix, long familyOffset, boolean familyIsByte, boolean hasLength,
            boolean abstractNames, long storageSize, long in4Size, long in4Port, long in4Addr,
            long in6Size, long in6Port, long in6Addr, long in6Scope, long unPath, long unPathSize) {
        Layouts(Abi abi) {
            this(abi.constant("AF_INET").orElseThrow(), abi.constant("AF_INET6").orElseThrow(), abi.constant("AF_UNIX").orElseThrow(),
                    offset(abi, "sockaddr_storage", "ss_family"),
                    abi.layout("sockaddr_storage").select(PathElement.groupElement("ss_family")).byteSize() == 1,
                    hasMember(abi, "sockaddr_storage", "ss_len"),
                    abi.isLinux(),
                    abi.layout("sockaddr_storage").byteSize(),
                    abi.layout("sockaddr_in").byteSize(), offset(abi, "sockaddr_in", "sin_port"), offset(abi, "sockaddr_in", "sin_addr"),
                    abi.layout("sockaddr_in6").byteSize(), offset(abi, "sockaddr_in6", "sin6_port"),
                    offset(abi, "sockaddr_in6", "sin6_addr"), offset(abi, "sockaddr_in6", "sin6_scope_id"),
                    offset(abi, "sockaddr_un", "sun_path"),
                    abi.layout("sockaddr_un").select(PathElement.groupElement("sun_path")).byteSize());
        }

        private static long offset(Abi abi, String struct, String member) {
            GroupLayout layout = abi.layout(struct);
            return layout.byteOffset(PathElement.groupElement(member));
        }

        private static boolean hasMember(Abi abi, String struct, String member) {
            return abi.layout(struct).memberLayouts().stream().anyMatch(m -> m.name().filter(member::equals).isPresent());
        }

        /** Writes the address header: the BSDs' length byte, then the family. */
        void header(MemorySegment image, int family) {
            if (hasLength) {
                image.set(ValueLayout.JAVA_BYTE, 0, (byte) image.byteSize());
            }
            if (familyIsByte) {
                image.set(ValueLayout.JAVA_BYTE, familyOffset, (byte) family);
            } else {
                image.set(ValueLayout.JAVA_SHORT_UNALIGNED, familyOffset, (short) family);
            }
        }

        int family(MemorySegment address) {
            return familyIsByte ? Byte.toUnsignedInt(address.get(ValueLayout.JAVA_BYTE, familyOffset))
                    : Short.toUnsignedInt(address.get(ValueLayout.JAVA_SHORT_UNALIGNED, familyOffset));
        }
    }

    private static Layouts layouts() {
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
        try {
            if (family == AF_INET) {
                ipv4(host);
            } else if (family == AF_INET6) {
                ipv6(host);
            } else {
                return false;
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
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
        Layouts l = layouts();
        if (family == l.afInet && !(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("an AF_INET socket cannot reach the IPv6 address " + address.getHostAddress());
        }
        // the literal round trip keeps one encoder for both forms (scope ids included)
        String literal = address.getHostAddress();
        return inet(l, family, family == l.afInet6 && address instanceof Inet4Address ? "::ffff:" + literal : literal, port);
    }

    /** {@link #inet(int, String, int)} for the ABI of {@code l}. */
    static byte[] inet(Layouts l, int family, String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        byte[] image;
        if (family == l.afInet) {
            image = new byte[(int) l.in4Size];
            MemorySegment s = MemorySegment.ofArray(image);
            s.set(PORT, l.in4Port, (short) port);
            System.arraycopy(ipv4(host), 0, image, (int) l.in4Addr, 4);
        } else if (family == l.afInet6) {
            image = new byte[(int) l.in6Size];
            MemorySegment s = MemorySegment.ofArray(image);
            s.set(PORT, l.in6Port, (short) port);
            InetAddress a = ipv6(host);
            byte[] raw = a.getAddress();
            if (raw.length == 4) { // ofLiteral turns "::ffff:a.b.c.d" into an Inet4Address; keep it IPv4-mapped
                raw = mapped(raw);
            }
            System.arraycopy(raw, 0, image, (int) l.in6Addr, 16);
            if (a instanceof Inet6Address a6 && a6.getScopeId() > 0) {
                s.set(SCOPE, l.in6Scope, a6.getScopeId());
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
    static byte[] unix(Layouts l, String path) {
        Objects.requireNonNull(path, "path");
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = l.abstractNames && (bytes.length == 0 || bytes[0] == 0);
        if (!l.abstractNames && path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("AF_UNIX path contains a NUL byte (abstract names are Linux-only): " + path);
        }
        if (abstractName ? bytes.length > l.unPathSize : bytes.length >= l.unPathSize) {
            throw new IllegalArgumentException("AF_UNIX path too long (" + bytes.length + " bytes): " + path);
        }
        byte[] image = new byte[(int) l.unPath + bytes.length + (abstractName ? 0 : 1)];
        l.header(MemorySegment.ofArray(image), l.afUnix);
        System.arraycopy(bytes, 0, image, (int) l.unPath, bytes.length);
        return image;
    }

    private static byte[] ipv4(String host) {
        switch (host) {
            case "": return new byte[4];
            case "<broadcast>": return new byte[] {-1, -1, -1, -1};
            default:
                try {
                    return Inet4Address.ofPosixLiteral(host).getAddress();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(notNumeric(host, "IPv4"), e);
                }
        }
    }

    private static InetAddress ipv6(String host) {
        switch (host) {
            case "": return anyV6(0);
            default:
                try {
                    return Inet6Address.ofLiteral(host);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(notNumeric(host, "IPv6"), e);
                }
        }
    }

    private static InetAddress anyV6(int last) {
        byte[] raw = new byte[16];
        raw[15] = (byte) last;
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 16 bytes is always a valid length
        }
    }

    private static byte[] mapped(byte[] v4) {
        byte[] raw = new byte[16];
        raw[10] = -1;
        raw[11] = -1;
        System.arraycopy(v4, 0, raw, 12, 4);
        return raw;
    }

    private static String notNumeric(String host, String kind) {
        return "not a numeric " + kind + " address: '" + host + "'";
    }

    /** This thread's scratch area holding {@code image}, ready to pass as {@code const struct sockaddr *}. */
    public static MemorySegment copyIn(byte[] image) {
        MemorySegment s = SCRATCH.get().asSlice(0, image.length);
        MemorySegment.copy(image, 0, s, ValueLayout.JAVA_BYTE, 0, image.length);
        return s;
    }

    /** This thread's empty {@code sockaddr_storage} for the kernel to fill; pair with {@link #storageLength()}. */
    public static MemorySegment storage() {
        Layouts l = layouts();
        MemorySegment scratch = SCRATCH.get();
        scratch.set(ValueLayout.JAVA_INT, l.storageSize, (int) l.storageSize);
        return scratch.asSlice(0, l.storageSize);
    }

    /** The {@code socklen_t} that goes with {@link #storage()}: its size in, the address length out. */
    public static MemorySegment storageLength() {
        return SCRATCH.get().asSlice(layouts().storageSize, 4);
    }

    /**
     * The address the kernel wrote into {@link #storage()}. AF_UNIX addresses, which have no
     * host and port, come back unresolved with the path as host string ("" when unnamed) and
     * port 0, the way Python returns a path string.
     */
    public static InetSocketAddress decode(MemorySegment storage) {
        return decode(layouts(), storage, storageLength().get(ValueLayout.JAVA_INT, 0));
    }

    /** {@link #decode(MemorySegment)} of an address of {@code length} bytes held elsewhere (getaddrinfo's answers). */
    public static InetSocketAddress decode(MemorySegment address, int length) {
        return decode(layouts(), address, length);
    }

    /**
     * The address the kernel wrote into {@link #storage()} (read without resetting its length),
     * or null when it wrote none (length 0: a
     * connected stream's recvfrom, an unnamed socketpair peer), where Python gives None.
     */
    public static InetSocketAddress decodeOrNull() {
        int length = storageLength().get(ValueLayout.JAVA_INT, 0);
        return length == 0 ? null : decodeStored();
    }

    /** The address the kernel wrote into {@link #storage()}, read without resetting its length. */
    public static InetSocketAddress decodeStored() {
        int length = storageLength().get(ValueLayout.JAVA_INT, 0);
        return decode(layouts(), SCRATCH.get().asSlice(0, layouts().storageSize), length);
    }

    /** {@link #decode(MemorySegment)} of {@code length} bytes for the ABI of {@code l}. */
    static InetSocketAddress decode(Layouts l, MemorySegment storage, int length) {
        int len = (int) Math.min(length, storage.byteSize());
        int family = len >= 2 ? l.family(storage) : l.afUnix;
        try {
            if (family == l.afInet) {
                byte[] raw = storage.asSlice(l.in4Addr, 4).toArray(ValueLayout.JAVA_BYTE);
                return new InetSocketAddress(InetAddress.getByAddress(raw), Short.toUnsignedInt(storage.get(PORT, l.in4Port)));
            }
            if (family == l.afInet6) {
                byte[] raw = storage.asSlice(l.in6Addr, 16).toArray(ValueLayout.JAVA_BYTE);
                int scope = storage.get(SCOPE, l.in6Scope);
                // Inet6Address keeps IPv4-mapped addresses in their IPv6 form, as Python prints them
                InetAddress a = Inet6Address.getByAddress(null, raw, scope == 0 ? -1 : scope);
                return new InetSocketAddress(a, Short.toUnsignedInt(storage.get(PORT, l.in6Port)));
            }
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // only thrown for a wrong array length
        }
        if (family == l.afUnix) {
            return InetSocketAddress.createUnresolved(unixPath(storage, len, l), 0);
        }
        return undecoded(storage, len, family, l);
    }

    /**
     * An address of a family jselect does not decode (AF_NETLINK, AF_PACKET, ...), still usable to
     * print and compare, as Python's {@code (family, bytes)}: unresolved, host string
     * {@code "[family 16] 0000..."} (the bytes after the family, in hex), port 0.
     */
    private static InetSocketAddress undecoded(MemorySegment storage, int len, int family, Layouts l) {
        long from = l.familyOffset + (l.familyIsByte ? 1 : 2);
        StringBuilder hex = new StringBuilder("[family ").append(family).append("] ");
        for (long i = from; i < len; i++) {
            hex.append(String.format("%02x", storage.get(ValueLayout.JAVA_BYTE, i)));
        }
        return InetSocketAddress.createUnresolved(hex.toString(), 0);
    }

    private static String unixPath(MemorySegment storage, int len, Layouts l) {
        if (len <= l.unPath) {
            return "";
        }
        byte[] path = storage.asSlice(l.unPath, len - l.unPath).toArray(ValueLayout.JAVA_BYTE);
        if (path[0] != 0 || !l.abstractNames) { // a path ends at its NUL; a Linux abstract name is all len bytes
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
