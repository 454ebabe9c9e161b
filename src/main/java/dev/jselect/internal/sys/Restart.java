package dev.jselect.internal.sys;

import dev.jselect.internal.Deadline;
import dev.jselect.internal.Scratch;

import dev.jselect.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The EINTR rule of PEP 475, in one place: a call interrupted by a signal handler is made again,
 * a wait with the time it has left (measured from a monotonic deadline, so the total never
 * exceeds the caller's timeout), and a wait whose time ran out during the interruption returns
 * 0 as if it had timed out.
 *
 * <p>The hot calls (the waits, read/write/recv/send) come here as a handle of one of two shapes
 * ({@link #WAIT}, {@link #IO}), a static method of their family that makes the downcall, held
 * in a static final of their class ({@link #call}): once this method is inlined into its caller
 * the handle is a constant, so the call is the downcall itself, with no frame or allocation
 * added.
 *
 * <p>Signal handlers: an exception a handler left for the calling thread ({@link
 * SignalInterrupt}) is raised at the entry of each call and after each EINTR, instead of the
 * restart; a handler that returned normally leaves the call restarted as above.
 */
public final class Restart {
    private static final int EINTR = Constants.EINTR;

    private Restart() {}

    /**
     * The shape of a wait: (state, fd, a, b, c, count, timeout, timeval) -> int, the call's own
     * arguments, a timeout in its kernel unit (a negative timeout blocks) and a struct timeval
     * for select to carry that timeout in.
     */
    static final MethodType WAIT = MethodType.methodType(int.class, MemorySegment.class, int.class, MemorySegment.class,
            MemorySegment.class, MemorySegment.class, long.class, long.class, MemorySegment.class);
    /** The shape of a data call: (state, fd, buf, n, flags, addr, addrLen, addrSize) -> count or -1. */
    static final MethodType IO = MethodType.methodType(long.class, MemorySegment.class, int.class, MemorySegment.class,
            long.class, int.class, MemorySegment.class, MemorySegment.class, int.class);

    /**
     * The static method {@code name} of the class of {@code family} (a lookup made there), of
     * type {@link #WAIT} or {@link #IO}: the one call it makes, taking its own arguments from
     * the shape's. A plain method, not the downcall handle adapted by argument permutations and
     * casts, which spin their own classes when bound and first called.
     */
    static MethodHandle call(MethodHandles.Lookup family, String name, MethodType shape) {
        try {
            return family.findStatic(family.lookupClass(), name, shape);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no call " + name + shape + " in " + family.lookupClass().getSimpleName(), e);
        }
    }

    /**
     * Makes a wait, restarted after EINTR with the time left: the kernel's count of ready
     * entries, 0 when the time ran out (also after an EINTR past the deadline).
     */
    static int await(String name, MethodHandle call, int fd, MemorySegment a, MemorySegment b, MemorySegment c, long count,
            long timeout, long unitNanos) throws ErrnoException {
        long deadline = timeout > 0 ? Deadline.after(System.nanoTime(), Deadline.saturatedMultiply(timeout, unitNanos)) : 0; // no clock read for a poll
        long left = timeout;
        Scratch sc = Downcall.scratch(); // one finally for both: a small method inlines into the data path
        MemorySegment st = sc.state;
        SignalInterrupt.Target signalled = SignalInterrupt.enter();
        try {
            for (;;) {
                int n;
                try {
                    n = (int) call.invokeExact(st, fd, a, b, c, count, left, sc.timeval);
                } catch (Throwable t) {
                    throw Downcall.unexpected(t);
                }
                if (n >= 0) {
                    return n;
                }
                throwUnlessInterrupted(st, name);
                if (timeout == 0 || timeout > 0 && (left = Deadline.remaining(deadline, unitNanos)) < 0) {
                    return 0;
                }
            }
        } finally {
            if (signalled != null) {
                signalled.leave();
            }
            sc.close();
        }
    }

    /** A data call restarted on EINTR: the count, or minus the errno of any other failure (-EAGAIN: not ready). */
    static long attempt(MethodHandle call, int fd, MemorySegment buf, long n, int flags, MemorySegment addr, MemorySegment addrLen,
            int addrSize) {
        Scratch sc = Downcall.scratch();
        try {
            return attempt(sc, call, fd, buf, n, flags, addr, addrLen, addrSize);
        } finally {
            sc.close();
        }
    }

    /**
     * {@link #attempt} capturing errno in {@code sc}, a block the caller already holds for the call
     * (its staging buffer's), so the call looks up no second block.
     */
    static long attempt(Scratch sc, MethodHandle call, int fd, MemorySegment buf, long n, int flags, MemorySegment addr,
            MemorySegment addrLen, int addrSize) {
        MemorySegment st = sc.state;
        SignalInterrupt.Target signalled = SignalInterrupt.enter();
        try {
            for (;;) {
                long r;
                try {
                    r = (long) call.invokeExact(st, fd, buf, n, flags, addr, addrLen, addrSize);
                } catch (Throwable t) {
                    throw Downcall.unexpected(t);
                }
                if (r >= 0 || Downcall.errno(st) != EINTR) {
                    return r >= 0 ? r : -Downcall.errno(st);
                }
                SignalInterrupt.raiseIfPending();
            }
        } finally {
            if (signalled != null) {
                signalled.leave();
            }
        }
    }

    /** {@link #attempt} without flags or address (read, write), failing with the ErrnoException. */
    static long io(String name, MethodHandle call, int fd, MemorySegment buf, long n, int flags) throws ErrnoException {
        long r = attempt(call, fd, buf, n, flags, MemorySegment.NULL, MemorySegment.NULL, 0);
        if (r < 0) {
            throw ErrnoNames.exception((int) -r, name);
        }
        return r;
    }

    /** A call that returns int, restarted on EINTR (accept, waitpid): its result, or the ErrnoException. */
    static int restarted(String name, Downcall.IntCall call) throws ErrnoException {
        Scratch sc = Downcall.scratch();
        MemorySegment st = sc.state;
        SignalInterrupt.Target signalled = SignalInterrupt.enter();
        try {
            for (;;) {
                int r = Downcall.invoke(call, st);
                if (r >= 0) {
                    return r;
                }
                throwUnlessInterrupted(st, name);
            }
        } finally {
            if (signalled != null) {
                signalled.leave();
            }
            sc.close();
        }
    }

    /**
     * After a failed call: returns for EINTR (the caller restarts), else throws the errno. An
     * exception a signal handler left for this thread ({@link SignalInterrupt}) is raised instead
     * of the restart.
     */
    static void throwUnlessInterrupted(MemorySegment state, String call) throws ErrnoException {
        if (Downcall.errno(state) != EINTR) {
            throw Downcall.fail(state, call);
        }
        SignalInterrupt.raiseIfPending();
    }

    /** True when the errno of the call just made on {@code state} is EINTR. */
    static boolean interrupted(MemorySegment state) {
        return Downcall.errno(state) == EINTR;
    }
}
