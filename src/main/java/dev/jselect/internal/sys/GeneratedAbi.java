package dev.jselect.internal.sys;

import dev.jselect.ffi.linux_x86_64.linux_x86_64_h;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
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
 * ABI's own, and struct layouts from the generated classes named at compile time (only
 * epoll_event per ABI), or from {@link StructLayouts} for those a first call needs.
 *
 * <p>Reflection remains where a name arrives as a string: a function's signature, from which its
 * descriptor is rebuilt, and its address, looked up in the C library, so that one
 * {@link Downcall#bind} serves this set and the hand-written macOS table alike (jextract's own
 * per-function holders stay unloaded: each would link a downcall handle jselect does not use);
 * and a constant asked for by its name, looked up when it is first asked for ({@link Constants},
 * which names every constant jselect uses, calls the generated getters directly instead). Only {@link #constantNames()}, which {@link ErrnoNames} and
 * the layout tests use, reads every constant of the header, once.
 */
final class GeneratedAbi implements Abi {
    private static final Class<?> HEADER = linux_x86_64_h.class;
    private static final MethodType CONSTANT = MethodType.methodType(int.class);
    /**
     * The C library. jextract's holders try the class loader's libraries first; jselect loads
     * none, so that lookup would find nothing, and setting it up costs a fresh process the
     * global arena's initialisation and a lambda.
     */
    private static final SymbolLookup LOOKUP = Linker.nativeLinker().defaultLookup();

    private final String name;
    private final boolean aarch64;
    private final Class<?> constantsHeader;
    private final Map<String, OptionalInt> constants = new ConcurrentHashMap<>();
    private volatile @Nullable Set<String> constantNames;
    private volatile @Nullable Map<String, Method> functions;

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
        if (n.startsWith("SYS_")) {
            return true;
        }
        for (int i = 0; i < n.length(); i++) { // a loop, not a stream: this runs at the first constant read
            char c = n.charAt(i);
            if (c != '_' && !Character.isUpperCase(c) && !Character.isDigit(c)) {
                return false;
            }
        }
        return true;
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
        return LOOKUP.find(fn).orElseThrow(() -> new UnsupportedOperationException("the C library has no function " + fn));
    }

    /**
     * jextract's descriptor of {@code fn}, rebuilt from the parameter and return types of its
     * generated static method: every function jselect binds takes and returns scalars and
     * pointers, whose C layouts follow from the Java types (GeneratedAbiTest compares each with
     * jextract's own {@code fn$descriptor()}). Asking jextract for it would initialise the
     * function's holder class, which links a second, unused downcall handle of its own.
     */
    @Override
    public FunctionDescriptor descriptor(String fn) {
        Method m = functions().get(fn);
        if (m == null) {
            throw new UnsupportedOperationException("binding set " + name + " has no function " + fn);
        }
        Class<?>[] types = m.getParameterTypes();
        MemoryLayout[] args = new MemoryLayout[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = layoutOf(fn, types[i]);
        }
        return m.getReturnType() == void.class ? FunctionDescriptor.ofVoid(args)
                : FunctionDescriptor.of(layoutOf(fn, m.getReturnType()), args);
    }

    /** The C layout jextract uses for a parameter or result of Java type {@code type}. */
    private static MemoryLayout layoutOf(String fn, Class<?> type) {
        if (type == int.class) {
            return linux_x86_64_h.C_INT;
        } else if (type == long.class) {
            return linux_x86_64_h.C_LONG;
        } else if (type == MemorySegment.class) {
            return linux_x86_64_h.C_POINTER;
        } else if (type == short.class) {
            return linux_x86_64_h.C_SHORT;
        } else if (type == byte.class) {
            return linux_x86_64_h.C_CHAR;
        } else if (type == boolean.class) {
            return linux_x86_64_h.C_BOOL;
        } else if (type == double.class) {
            return linux_x86_64_h.C_DOUBLE;
        } else if (type == float.class) {
            return linux_x86_64_h.C_FLOAT;
        }
        throw new UnsupportedOperationException("no descriptor for " + fn + ": it takes or returns " + type.getName());
    }

    /** The header's functions by name: its public static methods named as in C (no {@code $}). */
    private Map<String, Method> functions() {
        Map<String, Method> f = functions;
        if (f == null) {
            Map<String, Method> found = new HashMap<>();
            Set<String> withAddress = new HashSet<>();
            for (Method m : HEADER.getMethods()) {
                String n = m.getName();
                if (n.endsWith("$address")) {
                    withAddress.add(n.substring(0, n.length() - "$address".length()));
                } else if (Modifier.isStatic(m.getModifiers()) && n.indexOf('$') < 0) {
                    found.put(n, m);
                }
            }
            found.keySet().retainAll(withAddress); // a constant or a variadic function's invoker factory is no function here
            functions = f = Collections.unmodifiableMap(found);
        }
        return f;
    }

    @Override
    public GroupLayout layout(String struct) {
        return switch (struct) {
            case "epoll_event" -> aarch64 ? StructLayouts.EPOLL_EVENT_AARCH64 : StructLayouts.EPOLL_EVENT_X86_64;
            case "pollfd" -> StructLayouts.POLLFD;
            case "fd_set" -> dev.jselect.ffi.linux_x86_64.fd_set.layout();
            case "timeval" -> StructLayouts.TIMEVAL;
            case "sockaddr" -> dev.jselect.ffi.linux_x86_64.sockaddr.layout();
            case "sockaddr_in" -> dev.jselect.ffi.linux_x86_64.sockaddr_in.layout();
            case "sockaddr_in6" -> dev.jselect.ffi.linux_x86_64.sockaddr_in6.layout();
            case "sockaddr_un" -> dev.jselect.ffi.linux_x86_64.sockaddr_un.layout();
            case "sockaddr_storage" -> dev.jselect.ffi.linux_x86_64.sockaddr_storage.layout();
            case "in_addr" -> dev.jselect.ffi.linux_x86_64.in_addr.layout();
            case "in6_addr" -> dev.jselect.ffi.linux_x86_64.in6_addr.layout();
            case "linger" -> dev.jselect.ffi.linux_x86_64.linger.layout();
            case "rlimit" -> StructLayouts.RLIMIT;
            case "addrinfo" -> dev.jselect.ffi.linux_x86_64.addrinfo.layout();
            case "sigset_t", "__sigset_t" -> StructLayouts.SIGSET_T;
            case "epoll_data", "epoll_data_t" -> StructLayouts.EPOLL_DATA;
            case "sched_param" -> StructLayouts.SCHED_PARAM;
            case "timespec" -> dev.jselect.ffi.linux_x86_64.timespec.layout();
            case "itimerspec" -> dev.jselect.ffi.linux_x86_64.itimerspec.layout();
            case "sigaction" -> dev.jselect.ffi.linux_x86_64.sigaction.layout();
            case "posix_spawn_file_actions_t" -> StructLayouts.POSIX_SPAWN_FILE_ACTIONS_T;
            case "posix_spawnattr_t" -> StructLayouts.POSIX_SPAWNATTR_T;
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

    @Override
    public String toString() {
        return name;
    }
}
