package dev.jselect.internal.sys;

import dev.jselect.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Calls only tests make: dup2, to put another file behind a number a wait object knows, and
 * getrlimit/setrlimit, to run out of descriptors on purpose. Bound as the library binds its own.
 */
public final class TestCalls {
    private static final MethodHandle DUP2 = Downcall.bind("dup2");
    private static final MethodHandle GETRLIMIT = Downcall.bind("getrlimit");
    private static final MethodHandle SETRLIMIT = Downcall.bind("setrlimit");

    private TestCalls() {}

    public static int dup2(int oldfd, int newfd) throws ErrnoException {
        return Downcall.call("dup2", st -> (int) DUP2.invokeExact(st, oldfd, newfd));
    }

    /** getrlimit(2) into a {@code struct rlimit}. */
    public static void getrlimit(int resource, MemorySegment rlimit) throws ErrnoException {
        Downcall.call("getrlimit", st -> (int) GETRLIMIT.invokeExact(st, resource, rlimit));
    }

    /** setrlimit(2) from a {@code struct rlimit}. */
    public static void setrlimit(int resource, MemorySegment rlimit) throws ErrnoException {
        Downcall.call("setrlimit", st -> (int) SETRLIMIT.invokeExact(st, resource, rlimit));
    }
}
