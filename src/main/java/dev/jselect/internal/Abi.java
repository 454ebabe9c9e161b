package dev.jselect.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * One binding set produced by jextract ({@code generated/dev/jselect/ffi/<abi>}), read through
 * its public static accessors once, at start-up. Reading them by name keeps a single syscall
 * layer for every ABI instead of one hand-written copy per package.
 */
public final class Abi {
    public static final String LINUX_X86_64 = "linux_x86_64";
    public static final String LINUX_AARCH64 = "linux_aarch64";

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    private final String name;
    private final String pkg;
    private final Class<?> header;

    private Abi(String name) {
        this.name = name;
        this.pkg = "dev.jselect.ffi." + name;
        this.header = load(name + "_h");
    }

    /** The binding set called {@code name}, e.g. {@link #LINUX_X86_64}. */
    public static Abi named(String name) {
        return new Abi(name);
    }

    /** The ABI name for an {@code os.name}/{@code os.arch} pair, or null when none was generated. */
    public static String nameFor(String osName, String osArch) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return null;
        }
        return switch (osArch) {
            case "amd64", "x86_64" -> LINUX_X86_64;
            case "aarch64", "arm64" -> LINUX_AARCH64;
            default -> null;
        };
    }

    public String name() {
        return name;
    }

    /** The address of libc function {@code fn}. */
    public MemorySegment address(String fn) {
        return (MemorySegment) invoke(header, fn + "$address", MemorySegment.class);
    }

    /** The function descriptor jextract derived for {@code fn}. */
    public FunctionDescriptor descriptor(String fn) {
        return (FunctionDescriptor) invoke(header, fn + "$descriptor", FunctionDescriptor.class);
    }

    /** The layout of {@code struct/union/typedef name}, e.g. "epoll_event" or "fd_set". */
    public GroupLayout layout(String name) {
        return (GroupLayout) invoke(load(name), "layout", GroupLayout.class);
    }

    /** The value of the header constant {@code name}, if jextract generated it. */
    public OptionalInt constant(String name) {
        try {
            MethodHandle mh = LOOKUP.findStatic(header, name, MethodType.methodType(int.class));
            return OptionalInt.of((int) mh.invokeExact());
        } catch (NoSuchMethodException e) {
            return OptionalInt.empty();
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read constant " + name + " of " + this.name, t);
        }
    }

    /** The header class itself, for the few methods callers need to enumerate (errno names). */
    public Class<?> headerClass() {
        return header;
    }

    private Class<?> load(String simpleName) {
        try {
            return Class.forName(pkg + "." + simpleName, true, Abi.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no generated class " + simpleName + " for ABI " + name, e);
        }
    }

    private Object invoke(Class<?> owner, String method, Class<?> type) {
        try {
            return LOOKUP.findStatic(owner, method, MethodType.methodType(type)).invoke();
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read " + owner.getSimpleName() + "." + method + " of " + name, t);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
