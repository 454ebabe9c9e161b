package dev.jselect.internal.sys;

import dev.jselect.ffi.linux_x86_64.linux_x86_64_h;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * jextract's two Linux binding sets ({@code generated/dev/jselect/ffi/<abi>}). Both are LP64
 * Linux from the same glibc headers: their header classes are the same but for the package, and
 * their structs are the same but for {@code struct epoll_event} (packed, 12 bytes, on x86_64;
 * 16 on aarch64) and for the system call numbers (x86_64 keeps its historical ones: gettid is
 * 186 there, 178 on aarch64). So functions come from the x86_64 header class, constants from each
 * ABI's own, and struct layouts from the generated classes named at compile time, only
 * epoll_event per ABI.
 *
 * <p>Reflection remains where a name arrives as a string: a function's {@code $address()} and
 * {@code $descriptor()}, so that one {@link Downcall#bind} serves this set and the hand-written
 * macOS table alike; and a constant, looked up by its name when it is first asked for (a start-up
 * reads only the constants it uses). Only {@link #constantNames()}, which {@link ErrnoNames} and
 * the layout tests use, reads every constant of the header, once.
 */
final class GeneratedAbi implements Abi {
    private static final Class<?> HEADER = linux_x86_64_h.class;
    private static final MethodType CONSTANT = MethodType.methodType(int.class);

    private final String name;
    private final boolean aarch64;
    private final Class<?> constantsHeader;
    private final Map<String, OptionalInt> constants = new ConcurrentHashMap<>();
    private volatile @Nullable Set<String> constantNames;

    GeneratedAbi(String name) {
        this.name = name;
        this.aarch64 = name.equals(LINUX_AARCH64);
        this.constantsHeader = aarch64 ? dev.jselect.ffi.linux_aarch64.linux_aarch64_h.class : HEADER;
    }

    /**
     * jextract writes a constant NAME as {@code public static int NAME()}; a function without
     * parameters (getpid) looks the same, so a constant is told by its upper-case name, or by the
     * {@code SYS_} prefix of the system call numbers (SYS_pidfd_open).
     */
    private static boolean isConstantName(String n) {
        return n.startsWith("SYS_") || n.chars().allMatch(c -> c == '_' || Character.isUpperCase(c) || Character.isDigit(c));
    }

    private OptionalInt read(String constant) {
        if (!isConstantName(constant)) {
            return OptionalInt.empty();
        }
        MethodHandle getter;
        try {
            getter = MethodHandles.lookup().findStatic(constantsHeader, constant, CONSTANT);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of((int) getter.invokeExact());
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read " + constantsHeader.getSimpleName() + "." + constant, t);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isLinux() {
        return true;
    }

    @Override
    public boolean hasFunction(String fn) {
        try {
            HEADER.getMethod(fn + "$address");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Override
    public MemorySegment address(String fn) {
        if (!hasFunction(fn)) {
            throw new UnsupportedOperationException("binding set " + name + " has no function " + fn);
        }
        return (MemorySegment) invoke(fn + "$address", MemorySegment.class);
    }

    @Override
    public FunctionDescriptor descriptor(String fn) {
        return (FunctionDescriptor) invoke(fn + "$descriptor", FunctionDescriptor.class);
    }

    @Override
    public GroupLayout layout(String struct) {
        return switch (struct) {
            case "epoll_event" -> aarch64 ? dev.jselect.ffi.linux_aarch64.epoll_event.layout()
                    : dev.jselect.ffi.linux_x86_64.epoll_event.layout();
            case "pollfd" -> dev.jselect.ffi.linux_x86_64.pollfd.layout();
            case "fd_set" -> dev.jselect.ffi.linux_x86_64.fd_set.layout();
            case "timeval" -> dev.jselect.ffi.linux_x86_64.timeval.layout();
            case "sockaddr" -> dev.jselect.ffi.linux_x86_64.sockaddr.layout();
            case "sockaddr_in" -> dev.jselect.ffi.linux_x86_64.sockaddr_in.layout();
            case "sockaddr_in6" -> dev.jselect.ffi.linux_x86_64.sockaddr_in6.layout();
            case "sockaddr_un" -> dev.jselect.ffi.linux_x86_64.sockaddr_un.layout();
            case "sockaddr_storage" -> dev.jselect.ffi.linux_x86_64.sockaddr_storage.layout();
            case "in_addr" -> dev.jselect.ffi.linux_x86_64.in_addr.layout();
            case "in6_addr" -> dev.jselect.ffi.linux_x86_64.in6_addr.layout();
            case "linger" -> dev.jselect.ffi.linux_x86_64.linger.layout();
            case "rlimit" -> dev.jselect.ffi.linux_x86_64.rlimit.layout();
            case "addrinfo" -> dev.jselect.ffi.linux_x86_64.addrinfo.layout();
            case "sigset_t", "__sigset_t" -> dev.jselect.ffi.linux_x86_64.__sigset_t.layout();
            case "epoll_data", "epoll_data_t" -> dev.jselect.ffi.linux_x86_64.epoll_data.layout();
            case "sched_param" -> dev.jselect.ffi.linux_x86_64.sched_param.layout();
            case "timespec" -> dev.jselect.ffi.linux_x86_64.timespec.layout();
            case "itimerspec" -> dev.jselect.ffi.linux_x86_64.itimerspec.layout();
            case "sigaction" -> dev.jselect.ffi.linux_x86_64.sigaction.layout();
            case "posix_spawn_file_actions_t" -> dev.jselect.ffi.linux_x86_64.posix_spawn_file_actions_t.layout();
            case "posix_spawnattr_t" -> dev.jselect.ffi.linux_x86_64.posix_spawnattr_t.layout();
            default -> throw new IllegalStateException("no generated struct " + struct + " for ABI " + name);
        };
    }

    @Override
    public OptionalInt constant(String constant) {
        return constants.computeIfAbsent(constant, this::read);
    }

    @Override
    public Set<String> constantNames() {
        Set<String> names = constantNames;
        if (names == null) {
            Set<String> found = new TreeSet<>();
            for (Method m : constantsHeader.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0 && m.getReturnType() == int.class
                        && isConstantName(m.getName())) {
                    found.add(m.getName());
                }
            }
            constantNames = names = Collections.unmodifiableSet(found);
        }
        return names;
    }

    @Override
    public boolean lacks(String constant) {
        return false; // the generated set has every constant jselect names
    }

    @Override
    public boolean pollWorksForDevices() {
        return true;
    }

    private static Object invoke(String method, Class<?> type) {
        try {
            return MethodHandles.lookup().findStatic(HEADER, method, MethodType.methodType(type)).invoke();
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read " + HEADER.getSimpleName() + "." + method, t);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
