package dev.jselect.internal.sys;

import dev.jselect.internal.Scratch;

import dev.jselect.ErrnoException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * Binding libc calls and reading their errno: the downcall handles are built once from the
 * platform's {@link Abi} (jextract's {@code $address()}/{@code $descriptor()} on Linux) with
 * errno captured into the calling thread's scratch block, and a failed call becomes an
 * {@link ErrnoException} in one place, {@link #fail}. The {@code *Calls} classes hold the
 * handles; {@link Restart} holds the EINTR rule.
 *
 * <p>Native memory: the errno capture area and pipe's int[2] are slices of the calling thread's
 * {@link Scratch} block, taken by {@link #scratch()} around each call. Callers own every other
 * segment they pass in.
 */
public final class Downcall {
    static final boolean SUPPORTED = Platform.isSupported();
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            STATE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno")).withInvokeExactBehavior();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private Downcall() {}

    @SuppressWarnings("NullAway") // null on an unsupported platform, where every call fails in scratch() before any handle is used
    public static MethodHandle bind(String fn) {
        if (!SUPPORTED) {
            return null; // every entry point calls scratch() first, which throws UnsupportedOperationException
        }
        Abi abi = Platform.abi();
        return LINKER.downcallHandle(abi.address(fn), abi.descriptor(fn), CAPTURE_ERRNO);
    }

    /**
     * {@link #bind} as a critical call that may read and write the Java heap; such a call holds
     * off the GC while it runs, so it must never block.
     */
    @SuppressWarnings("NullAway") // null on an unsupported platform, where every call fails in scratch() before any handle is used
    static MethodHandle bindCritical(String fn) {
        if (!SUPPORTED) {
            return null;
        }
        Abi abi = Platform.abi();
        return LINKER.downcallHandle(abi.address(fn), abi.descriptor(fn), CAPTURE_ERRNO, Linker.Option.critical(true));
    }

    /**
     * {@link #bind} for a call only some platforms have; null where this one does not, in its
     * binding set or in the C library actually loaded (an older glibc than the headers').
     */
    @SuppressWarnings("NullAway") // null where the call is absent: each use is behind a check of that (has..., isAvailable)
    static MethodHandle bindIfPresent(String fn) {
        return SUPPORTED && Platform.abi().hasFunction(fn) && LINKER.defaultLookup().find(fn).isPresent() ? bind(fn) : null;
    }

    /**
     * The one Java type a call is made with, whatever the C types of this platform: integer
     * arguments convert as C converts them (a long nfds narrows to macOS's unsigned int).
     */
    @SuppressWarnings("NullAway") // null where the call is absent: each use is behind a check of that (has..., isAvailable)
    static MethodHandle adapt(@Nullable MethodHandle h, MethodType javaType) {
        return h == null ? null : MethodHandles.explicitCastArguments(h, javaType.insertParameterTypes(0, MemorySegment.class));
    }

    /** A call that does not set errno (strerror, gai_strerror, freeaddrinfo): no capture state. */
    @SuppressWarnings("NullAway") // null on an unsupported platform, where every call fails in scratch() before any handle is used
    static MethodHandle bindPlain(String fn) {
        return SUPPORTED ? LINKER.downcallHandle(Platform.abi().address(fn), Platform.abi().descriptor(fn)) : null;
    }

    /**
     * fcntl(int, int, ...) and open(const char *, int, ...) with one int vararg, described by hand:
     * jextract generates variadic functions as invokers.
     */
    static MethodHandle bindVariadic(String fn, FunctionDescriptor fd) {
        return bindVariadic(fn, fd, 2);
    }

    /** {@link #bindVariadic(String, FunctionDescriptor)} whose variadic arguments start at {@code firstVariadic}. */
    @SuppressWarnings("NullAway") // null on an unsupported platform, where every call fails in scratch() before any handle is used
    static MethodHandle bindVariadic(String fn, FunctionDescriptor fd, int firstVariadic) {
        if (!SUPPORTED) {
            return null;
        }
        MemorySegment address = LINKER.defaultLookup().findOrThrow(fn);
        return LINKER.downcallHandle(address, fd, Linker.Option.firstVariadicArg(firstVariadic), CAPTURE_ERRNO);
    }

    /**
     * Nothing but the loading of {@code holders}, named as class literals by the caller: a call
     * family loads the holder classes of its calls with itself, so that a holder first
     * initialised with the fd table full needs no file to be opened (its bytes, from a directory,
     * would need one, and a class that fails to load fails for good).
     */
    static void preload(Class<?>... holders) {
        // the class literals were resolved, and so loaded, to build this array
    }

    /**
     * The calling thread's scratch block for one call ({@link Scratch#state} captures its errno):
     * close it right after the call and the reading of errno. {@link UnsupportedOperationException}
     * where there are no bindings.
     */
    public static Scratch scratch() {
        if (!SUPPORTED) {
            throw Platform.unsupported("system calls");
        }
        return Scratch.take();
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** The one place a failed call becomes an exception: the ErrnoException for the captured errno. */
    static ErrnoException fail(MemorySegment state, String call) {
        return ErrnoNames.exception(errno(state), call);
    }

    /** {@code r} when the call succeeded, else the ErrnoException for the captured errno. */
    static int check(int r, MemorySegment state, String call) throws ErrnoException {
        if (r < 0) {
            throw fail(state, call);
        }
        return r;
    }

    /** {@link UnsupportedOperationException} for a Linux-only call elsewhere; for epoll it names poll and select. */
    public static void require(MethodHandle h, String fn) {
        if (h == null) {
            throw !SUPPORTED ? Platform.unsupported("system calls") : fn.equals("epoll") ? Platform.noEpoll() : Platform.unsupported(fn);
        }
    }

    /** One native call that returns int, -1 with errno on failure. */
    @FunctionalInterface
    public interface IntCall {
        int invoke(MemorySegment state) throws Throwable;
    }

    /** Makes {@code call} once: its result or -1, errno left in {@code state}. The one catch of an int call. */
    static int invoke(IntCall call, MemorySegment state) {
        try {
            return call.invoke(state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** A call that returns a C string (strerror, gai_strerror). */
    @FunctionalInterface
    interface StringCall {
        MemorySegment invoke() throws Throwable;
    }

    /** The NUL-terminated string a {@link StringCall} returns, read as UTF-8. */
    static String string(StringCall call) {
        try {
            return call.invoke().reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Runs a call that is not on a hot path and is never restarted: its result, or the
     * ErrnoException for the captured errno.
     */
    public static int call(String name, IntCall call) throws ErrnoException {
        try (Scratch sc = scratch()) {
            return check(invoke(call, sc.state), sc.state, name);
        }
    }

    /**
     * What a downcall may throw besides its result: nothing, in fact; a RuntimeException or Error
     * is rethrown as is, anything else (which invokeExact declares) is a bug.
     */
    static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("unexpected failure of a native call", t);
    }
}
