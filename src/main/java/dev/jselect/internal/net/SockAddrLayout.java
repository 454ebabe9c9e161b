package dev.jselect.internal.net;

import dev.jselect.internal.sys.Abi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Where the socket address structs of one ABI keep their fields: the family numbers, the sizes
 * of {@code sockaddr_storage}, {@code sockaddr_in}, {@code sockaddr_in6} and {@code sockaddr_un},
 * and their members' offsets. Linux starts every address with a 16-bit family; the BSDs with a
 * length byte and an 8-bit family ({@link #header}, {@link #family}).
 */
record SockAddrLayout(int afInet, int afInet6, int afUnix, long familyOffset, boolean familyIsByte, boolean hasLength,
        boolean abstractNames, long storageSize, long in4Size, long in4Port, long in4Addr,
        long in6Size, long in6Port, long in6Addr, long in6Scope, long unPath, long unPathSize) {
    /** Ports are in network byte order, at offsets the platform does not align for a short. */
    static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt SCOPE = ValueLayout.JAVA_INT_UNALIGNED;

    SockAddrLayout(Abi abi) {
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
