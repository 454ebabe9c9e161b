package dev.jselect.internal.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * HAND-WRITTEN: macOS (x86_64 and arm64), whose headers jextract cannot read on the Linux
 * machines that build jselect: the function signatures and struct layouts here, the constants
 * in {@link DarwinConstants}. Every entry is copied from the xnu/Libc header named in the
 * comment beside it (paths as installed under the SDK's usr/include), and only what jselect's
 * syscall layer and public constants use is here. DarwinAbiTest checks the table's
 * internal consistency on any machine; the macOS jobs of the CI matrix run it for real.
 *
 * <p>Both architectures are LP64 with the same struct layouts; they differ in one symbol name
 * (see {@link #symbol}).
 */
final class DarwinAbi implements Abi {
    // C types by their canonical layouts (LP64): int, unsigned int, long, size_t/ssize_t, pointer.
    private static final ValueLayout C_INT = JAVA_INT;
    private static final ValueLayout C_UINT = JAVA_INT;
    private static final ValueLayout C_LONG = JAVA_LONG;
    private static final ValueLayout C_SIZE_T = JAVA_LONG;
    private static final ValueLayout C_POINTER = ADDRESS;
    private static final ValueLayout C_UINT8 = JAVA_BYTE;
    private static final ValueLayout C_UINT16 = JAVA_SHORT;

    private static final Map<String, FunctionDescriptor> FUNCTIONS = new LinkedHashMap<>();

    private static void function(String name, @Nullable MemoryLayout result, MemoryLayout... args) {
        FUNCTIONS.put(name, result == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(result, args));
    }

    static {
        // <sys/poll.h>: int poll(struct pollfd *, nfds_t, int); typedef unsigned int nfds_t (Linux: unsigned long)
        function("poll", C_INT, C_POINTER, C_UINT, C_INT);
        // <sys/select.h>: int select(int, fd_set *, fd_set *, fd_set *, struct timeval *)
        function("select", C_INT, C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        // <unistd.h>
        function("pipe", C_INT, C_POINTER);
        function("read", C_SIZE_T, C_INT, C_POINTER, C_SIZE_T);
        function("write", C_SIZE_T, C_INT, C_POINTER, C_SIZE_T);
        function("close", C_INT, C_INT);
        function("dup2", C_INT, C_INT, C_INT);
        // <sys/socket.h>: socklen_t is __uint32_t
        function("socket", C_INT, C_INT, C_INT, C_INT);
        function("socketpair", C_INT, C_INT, C_INT, C_INT, C_POINTER);
        function("bind", C_INT, C_INT, C_POINTER, C_UINT);
        function("listen", C_INT, C_INT, C_INT);
        function("accept", C_INT, C_INT, C_POINTER, C_POINTER);
        function("connect", C_INT, C_INT, C_POINTER, C_UINT);
        function("recv", C_SIZE_T, C_INT, C_POINTER, C_SIZE_T, C_INT);
        function("send", C_SIZE_T, C_INT, C_POINTER, C_SIZE_T, C_INT);
        function("recvfrom", C_SIZE_T, C_INT, C_POINTER, C_SIZE_T, C_INT, C_POINTER, C_POINTER);
        function("sendto", C_SIZE_T, C_INT, C_POINTER, C_SIZE_T, C_INT, C_POINTER, C_UINT);
        function("shutdown", C_INT, C_INT, C_INT);
        function("getsockname", C_INT, C_INT, C_POINTER, C_POINTER);
        function("getpeername", C_INT, C_INT, C_POINTER, C_POINTER);
        function("setsockopt", C_INT, C_INT, C_INT, C_INT, C_POINTER, C_UINT);
        function("getsockopt", C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER);
        // <string.h>
        function("strerror", C_POINTER, C_INT);
        // <netdb.h>
        function("getaddrinfo", C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        function("freeaddrinfo", null, C_POINTER);
        function("gai_strerror", C_POINTER, C_INT);
        // <unistd.h>
        function("getpid", C_INT);
        // <sys/resource.h>
        function("getrlimit", C_INT, C_INT, C_POINTER);
        function("setrlimit", C_INT, C_INT, C_POINTER);
        // <sys/signal.h>: void (*signal(int, void (*)(int)))(int)
        function("signal", C_POINTER, C_INT, C_POINTER);
        // <pthread.h>: pthread_t is a pointer (struct _opaque_pthread_t *), not Linux's unsigned long
        function("pthread_self", C_POINTER);
        function("pthread_kill", C_INT, C_POINTER, C_INT);
    }

    private static final Map<String, GroupLayout> LAYOUTS = new LinkedHashMap<>();

    private static void layout(GroupLayout layout) {
        LAYOUTS.put(layout.name().orElseThrow(), layout);
    }

    static {
        // <sys/poll.h>
        layout(MemoryLayout.structLayout(
                C_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents")).withName("pollfd"));
        // <sys/_types/_fd_def.h>: __int32_t fds_bits[__DARWIN_howmany(1024, 32)] (Linux: 16 longs)
        layout(MemoryLayout.structLayout(
                MemoryLayout.sequenceLayout(32, JAVA_INT).withName("fds_bits")).withName("fd_set"));
        // <sys/_types/_timeval.h>: __darwin_time_t tv_sec (long); __darwin_suseconds_t tv_usec (__int32_t, <sys/_types.h>)
        layout(MemoryLayout.structLayout(
                C_LONG.withName("tv_sec"), JAVA_INT.withName("tv_usec"), MemoryLayout.paddingLayout(4)).withName("timeval"));
        // <sys/socket.h>: every address starts with a length byte, and sa_family_t is __uint8_t
        layout(MemoryLayout.structLayout(
                C_UINT8.withName("sa_len"), C_UINT8.withName("sa_family"),
                MemoryLayout.sequenceLayout(14, JAVA_BYTE).withName("sa_data")).withName("sockaddr"));
        layout(MemoryLayout.structLayout(
                C_UINT8.withName("ss_len"), C_UINT8.withName("ss_family"),
                MemoryLayout.sequenceLayout(6, JAVA_BYTE).withName("__ss_pad1"), // _SS_PAD1SIZE = 8 - 1 - 1
                JAVA_LONG.withName("__ss_align"),
                MemoryLayout.sequenceLayout(112, JAVA_BYTE).withName("__ss_pad2")) // _SS_PAD2SIZE = 128 - 1 - 1 - 6 - 8
                .withName("sockaddr_storage"));
        layout(MemoryLayout.structLayout(C_INT.withName("l_onoff"), C_INT.withName("l_linger")).withName("linger"));
        // <netinet/in.h>
        GroupLayout inAddr = MemoryLayout.structLayout(JAVA_INT.withName("s_addr")).withName("in_addr");
        layout(inAddr);
        layout(MemoryLayout.structLayout(
                C_UINT8.withName("sin_len"), C_UINT8.withName("sin_family"), C_UINT16.withName("sin_port"),
                inAddr.withName("sin_addr"), MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero")).withName("sockaddr_in"));
        // <netinet6/in6.h>
        GroupLayout in6Addr = MemoryLayout.structLayout(MemoryLayout.unionLayout(
                MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("__u6_addr8"),
                MemoryLayout.sequenceLayout(8, JAVA_SHORT).withName("__u6_addr16"),
                MemoryLayout.sequenceLayout(4, JAVA_INT).withName("__u6_addr32")).withName("__u6_addr")).withName("in6_addr");
        layout(in6Addr);
        layout(MemoryLayout.structLayout(
                C_UINT8.withName("sin6_len"), C_UINT8.withName("sin6_family"), C_UINT16.withName("sin6_port"),
                JAVA_INT.withName("sin6_flowinfo"), in6Addr.withName("sin6_addr"), JAVA_INT.withName("sin6_scope_id"))
                .withName("sockaddr_in6"));
        // <sys/un.h>: char sun_path[104] (Linux: 108)
        layout(MemoryLayout.structLayout(
                C_UINT8.withName("sun_len"), C_UINT8.withName("sun_family"),
                MemoryLayout.sequenceLayout(104, JAVA_BYTE).withName("sun_path")).withName("sockaddr_un"));
        // <netdb.h>: ai_canonname comes before ai_addr (Linux: after)
        layout(MemoryLayout.structLayout(
                C_INT.withName("ai_flags"), C_INT.withName("ai_family"), C_INT.withName("ai_socktype"),
                C_INT.withName("ai_protocol"), C_UINT.withName("ai_addrlen"), MemoryLayout.paddingLayout(4),
                C_POINTER.withName("ai_canonname"), C_POINTER.withName("ai_addr"), C_POINTER.withName("ai_next"))
                .withName("addrinfo"));
        // <sys/resource.h>: typedef __uint64_t rlim_t
        layout(MemoryLayout.structLayout(JAVA_LONG.withName("rlim_cur"), JAVA_LONG.withName("rlim_max")).withName("rlimit"));
    }

    private final String name;

    DarwinAbi(String name) {
        if (!name.equals(MACOS_X86_64) && !name.equals(MACOS_AARCH64)) {
            throw new IllegalArgumentException("not a macOS ABI: " + name);
        }
        this.name = name;
    }

    /**
     * The libc symbol a C program compiled for this ABI calls for {@code fn}. Only select
     * differs: <sys/_select.h> declares it {@code __DARWIN_1050(select)}, which <sys/cdefs.h>
     * turns into {@code _select$1050} on x86_64 (where {@code __DARWIN_ONLY_VERS_1050} is 0)
     * and plain {@code _select} on arm64. The unsuffixed x86_64 symbol is the pre-10.5 variant
     * that rounds timeouts under 10 ms up to 10 ms (Libsyscall's select-base.c, VARIANT_PRE1050).
     * Every other function here is {@code __DARWIN_ALIAS}/{@code __DARWIN_ALIAS_C}, which adds no
     * suffix on 64-bit macOS ({@code __DARWIN_ONLY_UNIX_CONFORMANCE} is 1).
     */
    String symbol(String fn) {
        return fn.equals("select") && name.equals(MACOS_X86_64) ? "select$1050" : fn;
    }

    /** The functions of the table, for DarwinAbiTest. */
    static Set<String> functions() {
        return Collections.unmodifiableSet(FUNCTIONS.keySet());
    }

    /** The layouts of the table, for DarwinAbiTest. */
    static Set<String> layouts() {
        return Collections.unmodifiableSet(LAYOUTS.keySet());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isLinux() {
        return false;
    }

    @Override
    public boolean hasFunction(String fn) {
        return FUNCTIONS.containsKey(fn);
    }

    @Override
    public MemorySegment address(String fn) {
        descriptor(fn);
        return Linker.nativeLinker().defaultLookup().findOrThrow(symbol(fn));
    }

    @Override
    public FunctionDescriptor descriptor(String fn) {
        FunctionDescriptor d = FUNCTIONS.get(fn);
        if (d == null) {
            throw new UnsupportedOperationException("macOS has no " + fn + " (" + name + ")");
        }
        return d;
    }

    @Override
    public GroupLayout layout(String name) {
        GroupLayout l = LAYOUTS.get(name);
        if (l == null) {
            throw new UnsupportedOperationException("macOS has no " + name + " (" + this.name + ")");
        }
        return l;
    }

    @Override
    public OptionalInt constant(String name) {
        Integer v = DarwinConstants.CONSTANTS.get(name);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    @Override
    public Set<String> constantNames() {
        return Collections.unmodifiableSet(DarwinConstants.CONSTANTS.keySet());
    }

    @Override
    public boolean lacks(String constant) {
        return DarwinConstants.LACKS.contains(constant);
    }

    @Override
    public boolean pollWorksForDevices() {
        return false;
    }

    @Override
    public String toString() {
        return name;
    }
}
