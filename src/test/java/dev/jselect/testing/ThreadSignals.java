package dev.jselect.testing;

import dev.jselect.internal.sys.Abi;
import dev.jselect.internal.sys.Platform;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Real signals for EINTR tests. SIGUSR1 (unused by HotSpot) gets a handler that does nothing:
 * libc's {@code abs}, a pure function, so no Java code ever runs in signal context. A thread
 * blocked in epoll_wait/poll/select then returns EINTR when {@link #interrupt(long)} hits it;
 * after {@link #interruptEveryCall()} so does one blocked in read, write, recv, send, accept,
 * connect or waitpid, which the kernel would otherwise restart by itself (SA_RESTART).
 */
public final class ThreadSignals {
    private static final Abi ABI = Platform.abi();
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SIGNAL = LINKER.downcallHandle(ABI.address("signal"), ABI.descriptor("signal"));
    // pthread_t is an unsigned long on Linux and a pointer on macOS: both are handled as its address
    private static final MethodHandle PTHREAD_SELF = asLong(LINKER.downcallHandle(ABI.address("pthread_self"), ABI.descriptor("pthread_self")));
    private static final MethodHandle PTHREAD_KILL = asLong(LINKER.downcallHandle(ABI.address("pthread_kill"), ABI.descriptor("pthread_kill")));
    public static final int SIGUSR1 = Platform.constant("SIGUSR1");

    private static volatile boolean installed;

    private ThreadSignals() {}

    /** Replaces every pointer-typed pthread_t, argument or result, by its address as a long. */
    private static MethodHandle asLong(MethodHandle h) {
        try {
            if (h.type().returnType() == MemorySegment.class) {
                h = MethodHandles.filterReturnValue(h, MethodHandles.lookup().findVirtual(MemorySegment.class, "address", MethodType.methodType(long.class)));
            }
            if (h.type().parameterCount() > 0 && h.type().parameterType(0) == MemorySegment.class) {
                h = MethodHandles.filterArguments(h, 0, MethodHandles.lookup().findStatic(MemorySegment.class, "ofAddress", MethodType.methodType(MemorySegment.class, long.class)));
            }
            return h;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Installs the do-nothing SIGUSR1 handler (once per JVM). */
    public static synchronized void installNoOpHandler() throws Throwable {
        if (!installed) {
            MemorySegment abs = LINKER.defaultLookup().findOrThrow("abs");
            MemorySegment previous = (MemorySegment) SIGNAL.invokeExact(SIGUSR1, abs);
            if (previous.address() == -1L) {
                throw new IllegalStateException("signal(SIGUSR1) failed");
            }
            installed = true;
        }
    }

    /**
     * Installs the do-nothing handler without SA_RESTART (siginterrupt(3)), so that every
     * blocking system call it hits returns EINTR, and the library's own restart is what is tested.
     */
    public static synchronized void interruptEveryCall() throws Throwable {
        installNoOpHandler();
        MethodHandle siginterrupt = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("siginterrupt"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        if ((int) siginterrupt.invokeExact(SIGUSR1, 1) != 0) {
            throw new IllegalStateException("siginterrupt(SIGUSR1, 1) failed");
        }
    }

    /** The calling thread's pthread_t, to aim {@link #interrupt(long)} at it. */
    public static long currentThread() throws Throwable {
        return (long) PTHREAD_SELF.invokeExact();
    }

    /** Sends SIGUSR1 to one thread of this process. */
    public static void interrupt(long pthread) throws Throwable {
        int rc = (int) PTHREAD_KILL.invokeExact(pthread, SIGUSR1);
        if (rc != 0) {
            throw new IllegalStateException("pthread_kill failed: " + rc);
        }
    }
}
