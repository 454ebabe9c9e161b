package dev.jselect.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written macOS table checked for internal consistency on any machine: values that
 * must be distinct are, layouts have the documented sizes and offsets, and every constant and
 * function jselect uses is either in the table or declared Linux-only. The macOS CI jobs then
 * run every other test against it for real.
 */
class DarwinAbiTest {
    private static final Abi MAC = Abi.named(Abi.MACOS_AARCH64);
    private static final Abi MAC_X86 = Abi.named(Abi.MACOS_X86_64);
    private static final Abi LINUX = Abi.named(Abi.LINUX_X86_64);

    /** The constants whose value a header defines as another's: {@code #define POLLWRNORM POLLOUT}. */
    private static final Map<String, String> ALIASES = Map.of("POLLWRNORM", "POLLOUT", "EWOULDBLOCK", "EAGAIN");

    private static int value(String name) {
        return MAC.constant(name).orElseThrow(() -> new AssertionError(name + " missing"));
    }

    private static Set<String> named(String prefix) {
        Set<String> names = new TreeSet<>();
        for (String n : MAC.constantNames()) {
            if (n.startsWith(prefix)) {
                names.add(n);
            }
        }
        return names;
    }

    /** Distinct values within a family, but for header aliases, which must equal their target. */
    private static void assertDistinct(Set<String> names) {
        Map<Integer, String> seen = new HashMap<>();
        for (String n : names) {
            if (ALIASES.containsKey(n)) {
                assertEquals(value(ALIASES.get(n)), value(n), n + " is defined as " + ALIASES.get(n));
                continue;
            }
            String before = seen.put(value(n), n);
            assertEquals(null, before, n + " has the value of " + before);
        }
    }

    @Test
    void pollEventsAreDistinctPowersOfTwo() {
        Set<String> polls = named("POLL");
        assertEquals(Set.of("POLLIN", "POLLPRI", "POLLOUT", "POLLRDNORM", "POLLWRNORM", "POLLRDBAND", "POLLWRBAND",
                "POLLERR", "POLLHUP", "POLLNVAL"), polls);
        for (String n : polls) {
            assertEquals(1, Integer.bitCount(value(n)), n + " is one bit");
            assertTrue(value(n) <= 0x8000, n + " fits pollfd's short events");
        }
        assertDistinct(polls);
        for (String n : List.of("POLLIN", "POLLPRI", "POLLOUT", "POLLERR", "POLLHUP", "POLLNVAL")) {
            assertEquals(LINUX.constant(n).orElseThrow(), value(n), n + " is the same on every Unix");
        }
    }

    @Test
    void errnoFollowsTheBsdNumbering() {
        Set<String> errnos = named("E");
        errnos.removeIf(n -> n.startsWith("EAI_")); // getaddrinfo's codes, <netdb.h>
        assertDistinct(errnos);
        Set<String> gai = named("EAI_");
        assertDistinct(gai);
        assertEquals(Set.of("EAI_AGAIN", "EAI_NONAME", "EAI_SYSTEM"), gai, "the codes jselect names");
        Set<Integer> values = new TreeSet<>();
        errnos.forEach(n -> values.add(value(n)));
        assertEquals(106, values.size(), "1 to ELAST (106) without gaps");
        assertEquals(1, values.iterator().next());
        // Version 7 Unix's numbers, shared by Linux and the BSDs, but for 11 (EAGAIN on Linux, EDEADLK on BSD)
        for (String n : errnos) {
            int linux = LINUX.constant(n).orElse(-1);
            if (linux >= 1 && linux <= 34 && linux != 11) {
                assertEquals(linux, value(n), n);
            }
        }
        // 4.2BSD's numbers for the socket and non-blocking errors
        Map<String, Integer> bsd = Map.of("EDEADLK", 11, "EAGAIN", 35, "EINPROGRESS", 36, "EALREADY", 37, "ENOTSOCK", 38,
                "EADDRINUSE", 48, "ECONNRESET", 54, "ETIMEDOUT", 60, "ECONNREFUSED", 61, "ENOTSUP", 45);
        bsd.forEach((n, v) -> assertEquals(v, value(n), n));
        assertEquals(102, value("EOPNOTSUPP"), "distinct from ENOTSUP under UNIX03");
    }

    @Test
    void otherConstantFamiliesAreDistinct() {
        assertDistinct(Set.of("AF_UNSPEC", "AF_UNIX", "AF_INET", "AF_INET6"));
        assertDistinct(Set.of("SO_REUSEADDR", "SO_KEEPALIVE", "SO_BROADCAST", "SO_LINGER", "SO_REUSEPORT", "SO_SNDBUF",
                "SO_RCVBUF", "SO_ERROR", "SO_TYPE"));
        assertDistinct(Set.of("F_GETFD", "F_SETFD", "F_GETFL", "F_SETFL", "F_DUPFD_CLOEXEC"));
        assertDistinct(Set.of("SHUT_RD", "SHUT_WR", "SHUT_RDWR"));
        assertEquals(0xffff, value("SOL_SOCKET"), "the BSD socket level (Linux: 1)");
        for (String flag : List.of("O_NONBLOCK", "O_CLOEXEC", "FD_CLOEXEC", "MSG_NOSIGNAL", "MSG_DONTWAIT", "MSG_PEEK", "MSG_WAITALL", "MSG_TRUNC")) {
            assertEquals(1, Integer.bitCount(value(flag)), flag + " is one bit");
        }
        assertEquals(0, value("O_NONBLOCK") & value("O_CLOEXEC") & value("O_RDWR"));
    }

    @Test
    void layoutsMatchTheDocumentedAbi() {
        assertLayout("pollfd", 8, Map.of("fd", 0L, "events", 4L, "revents", 6L));
        assertLayout("fd_set", 128, Map.of("fds_bits", 0L));
        assertEquals(4, MAC.layout("fd_set").select(PathElement.groupElement("fds_bits"), PathElement.sequenceElement()).byteSize(),
                "fd_set words are __int32_t");
        assertEquals(value("FD_SETSIZE"), MAC.layout("fd_set").byteSize() * 8, "one bit per descriptor below FD_SETSIZE");
        assertLayout("timeval", 16, Map.of("tv_sec", 0L, "tv_usec", 8L));
        assertEquals(4, MAC.layout("timeval").select(PathElement.groupElement("tv_usec")).byteSize(), "__darwin_suseconds_t is 32-bit");
        assertLayout("sockaddr", 16, Map.of("sa_len", 0L, "sa_family", 1L, "sa_data", 2L));
        assertLayout("sockaddr_in", 16, Map.of("sin_len", 0L, "sin_family", 1L, "sin_port", 2L, "sin_addr", 4L, "sin_zero", 8L));
        assertLayout("sockaddr_in6", 28, Map.of("sin6_len", 0L, "sin6_family", 1L, "sin6_port", 2L, "sin6_flowinfo", 4L,
                "sin6_addr", 8L, "sin6_scope_id", 24L));
        assertLayout("sockaddr_un", 106, Map.of("sun_len", 0L, "sun_family", 1L, "sun_path", 2L));
        assertLayout("sockaddr_storage", 128, Map.of("ss_len", 0L, "ss_family", 1L, "__ss_align", 8L));
        assertLayout("in_addr", 4, Map.of("s_addr", 0L));
        assertLayout("in6_addr", 16, Map.of("__u6_addr", 0L));
        assertLayout("linger", 8, Map.of("l_onoff", 0L, "l_linger", 4L));
        assertLayout("rlimit", 16, Map.of("rlim_cur", 0L, "rlim_max", 8L));
        // <netdb.h>: the BSDs put ai_canonname before ai_addr, Linux after
        assertLayout("addrinfo", 48, Map.of("ai_flags", 0L, "ai_family", 4L, "ai_socktype", 8L, "ai_protocol", 12L,
                "ai_addrlen", 16L, "ai_canonname", 24L, "ai_addr", 32L, "ai_next", 40L));
        assertEquals(24, LINUX.layout("addrinfo").byteOffset(PathElement.groupElement("ai_addr")), "glibc's order");
        for (String name : DarwinAbi.layouts()) {
            long linuxSize = LINUX.layout(name).byteSize();
            assertTrue(linuxSize > 0, name + " exists on Linux too, so code written against it is portable");
        }
    }

    private static void assertLayout(String name, long size, Map<String, Long> offsets) {
        GroupLayout l = MAC.layout(name);
        assertEquals(size, l.byteSize(), "sizeof(" + name + ")");
        offsets.forEach((member, offset) -> assertEquals(offset, l.byteOffset(PathElement.groupElement(member)), name + "." + member));
        assertEquals(l, MAC_X86.layout(name), name + " is the same on both macOS architectures");
    }

    /** The constants jselect's public classes name: each public static final int field named like a header constant. */
    private static Set<String> apiConstants() throws ClassNotFoundException {
        Set<String> names = new TreeSet<>();
        for (String cls : List.of("dev.jselect.Select", "dev.jselect.net.NativeSocket", "dev.jselect.internal.sys.Constants", "dev.jselect.internal.net.SockAddr")) {
            for (Field f : Class.forName(cls).getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && LINUX.constant(f.getName()).isPresent()) {
                    names.add(f.getName());
                }
            }
        }
        return names;
    }

    /** The constants named in Java: {@code Platform.constant("NAME")} anywhere in the main sources. */
    private static Set<String> constantsUsedInSources() throws IOException {
        Set<String> names = new TreeSet<>();
        Pattern use = Pattern.compile("Platform\\.constant\\(\"([A-Z0-9_]+)\"\\)");
        try (var files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                Matcher m = use.matcher(Files.readString(p));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    @Test
    void everyConstantJselectNamesIsDefinedOrDeclaredLinuxOnly() throws Exception {
        Set<String> needed = new TreeSet<>(apiConstants());
        needed.addAll(constantsUsedInSources());
        assertTrue(needed.containsAll(Set.of("POLLIN", "EPOLLIN", "POLLRDHUP", "EINTR", "AF_INET6", "SOL_SOCKET", "O_CLOEXEC", "TCP_CORK")), needed.toString());
        for (String n : needed) {
            assertTrue(MAC.constant(n).isPresent() != MAC.lacks(n), n + ": defined, or declared absent, exactly one of the two");
            if (n.startsWith("EPOLL") || n.startsWith("EFD_")) {
                assertTrue(MAC.lacks(n), n + " is Linux-only");
            }
        }
        for (String n : List.of("EPOLLIN", "EPOLL_CLOEXEC", "EFD_NONBLOCK", "POLLRDHUP", "SOCK_CLOEXEC", "TCP_CORK")) {
            assertTrue(MAC.lacks(n), n);
            assertTrue(LINUX.constant(n).isPresent(), n + " is a real Linux constant");
        }
        for (Abi linux : new Abi[] {LINUX, Abi.named(Abi.LINUX_AARCH64)}) {
            for (String n : needed) {
                assertTrue(linux.constant(n).isPresent(), linux + " defines " + n);
            }
        }
    }

    /** What the library binds (every Downcall.bind* in internal): function name to how ("", "IfPresent", "Plain" or "Variadic"). */
    private static Map<String, String> libraryBinds() throws IOException {
        Map<String, String> how = new HashMap<>();
        Pattern bind = Pattern.compile("Downcall\\.bind(IfPresent|Plain|Variadic|Critical)?\\(\"([a-z0-9_]+)\"");
        try (var files = Files.walk(Path.of("src/main/java/dev/jselect/internal"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Matcher m = bind.matcher(Files.readString(f));
                while (m.find()) {
                    String kind = m.group(1) == null || m.group(1).equals("Critical") ? "" : m.group(1);
                    how.merge(m.group(2), kind, (a, b) -> a.isEmpty() ? b : a);
                }
            }
        }
        return how;
    }

    @Test
    void theFunctionListCoversEverythingTheLibraryBindsButTheLinuxOnlyCalls() throws Exception {
        Map<String, String> binds = libraryBinds();
        assertTrue(binds.keySet().containsAll(Set.of("poll", "select", "pipe", "accept", "epoll_wait", "pipe2", "fcntl")), binds.toString());
        for (var e : binds.entrySet()) {
            String fn = e.getKey();
            switch (e.getValue()) {
                case "IfPresent" -> {
                    assertTrue(LINUX.hasFunction(fn), fn + " is bound on Linux");
                    assertFalse(MAC.hasFunction(fn), fn + " is Linux-only and optional");
                }
                case "Variadic" -> // fcntl, open: FdCalls describes them itself and finds them by their plain name
                    assertTrue(Linker.nativeLinker().defaultLookup().find(fn).isPresent(), fn + " in libc");
                default -> {
                    assertTrue(LINUX.hasFunction(fn), fn + " is bound on Linux");
                    assertTrue(MAC.hasFunction(fn), fn + " is bound unconditionally, so macOS needs it");
                }
            }
        }
        for (String fn : List.of("signal", "pthread_self", "pthread_kill")) {
            assertTrue(MAC.hasFunction(fn), fn + ", for the EINTR tests");
        }
    }

    /**
     * Each hand descriptor has the Java carriers of the generated Linux one, but for the types
     * that really differ: nfds_t (unsigned int, not unsigned long) and pthread_t (a pointer).
     */
    @Test
    void descriptorsMatchLinuxButWhereTheCTypesDiffer() {
        Map<String, MethodType> differs = Map.of(
                "poll", MethodType.methodType(int.class, MemorySegment.class, int.class, int.class),
                "pthread_self", MethodType.methodType(MemorySegment.class),
                "pthread_kill", MethodType.methodType(int.class, MemorySegment.class, int.class));
        for (String fn : DarwinAbi.functions()) {
            MethodType mac = MAC.descriptor(fn).toMethodType();
            MethodType linux = LINUX.descriptor(fn).toMethodType();
            assertEquals(differs.getOrDefault(fn, linux), mac, fn);
            assertEquals(MAC.descriptor(fn), MAC_X86.descriptor(fn), fn + " is the same on both macOS architectures");
        }
    }

    /** WaitCalls calls poll with a long nfds everywhere; the macOS handle (unsigned int) adapts to that one type. */
    @Test
    void thePollHandleAdaptsToTheOneJavaTypeWaitCallsUses() {
        MethodType javaType = MethodType.methodType(int.class, MemorySegment.class, long.class, int.class);
        FunctionDescriptor mac = MAC.descriptor("poll");
        MethodHandle raw = Linker.nativeLinker().downcallHandle(LINUX.address("poll"), mac, Linker.Option.captureCallState("errno"));
        MethodHandle adapted = Downcall.adapt(raw, javaType);
        assertEquals(javaType.insertParameterTypes(0, MemorySegment.class), adapted.type());
    }

    @Test
    void selectBindsTheSymbolACompiledProgramWouldCall() {
        DarwinAbi x86 = (DarwinAbi) MAC_X86;
        DarwinAbi arm = (DarwinAbi) MAC;
        assertEquals("select$1050", x86.symbol("select"), "__DARWIN_1050(select) on x86_64");
        assertEquals("select", arm.symbol("select"));
        for (String fn : DarwinAbi.functions()) {
            if (!fn.equals("select")) {
                assertEquals(fn, x86.symbol(fn), "__DARWIN_ALIAS adds no suffix on 64-bit macOS");
            }
        }
    }

    @Test
    void pollIsOfferedButNotTrustedForDevices() {
        assertTrue(MAC.hasFunction("poll"));
        assertFalse(MAC.pollWorksForDevices());
        assertTrue(LINUX.pollWorksForDevices());
    }
}
