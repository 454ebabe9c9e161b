package dev.jselect.internal;

import dev.jselect.ErrnoException;
import java.lang.foreign.MemorySegment;

/**
 * The EINTR rule of PEP 475, in one place: a call interrupted by a signal handler is made again,
 * a wait with the time it has left (measured from a monotonic deadline, so the total never
 * exceeds the caller's timeout), and a wait whose time ran out during the interruption returns
 * 0 as if it had timed out.
 *
 * <p>The hot calls (the waits, read/write/recv/send) come here through a constant, non-capturing
 * lambda held in a static final of their class, with their arguments passed through: once
 * inlined nothing is allocated and the lambda folds to the downcall itself.
 */
public final class Restart {
    private static final int EINTR = Constants.EINTR;

    private Restart() {}

    /**
     * One wait: epoll_wait, poll or select with its own arguments ({@code fd}, the segments, the
     * count) and a timeout in its kernel unit ({@code unitNanos} nanoseconds: a millisecond or a
     * microsecond); a negative timeout blocks.
     */
    @FunctionalInterface
    interface Wait {
        int invoke(MemorySegment state, int fd, MemorySegment a, MemorySegment b, MemorySegment c, long count, long timeout)
                throws Throwable;
    }

    /** One data call shaped like recvfrom/sendto (read and write ignore what they do not take): a count or -1. */
    @FunctionalInterface
    interface Io {
        long invoke(MemorySegment state, int fd, MemorySegment buf, long n, int flags, MemorySegment addr,
                MemorySegment addrLen, int addrSize) throws Throwable;
    }

    /**
     * Makes a wait, restarted after EINTR with the time left: the kernel's count of ready
     * entries, 0 when the time ran out (also after an EINTR past the deadline).
     */
    static int await(String name, Wait call, int fd, MemorySegment a, MemorySegment b, MemorySegment c, long count,
            long timeout, long unitNanos) throws ErrnoException {
        MemorySegment st = Downcall.state();
        long deadline = timeout > 0 ? Deadline.after(System.nanoTime(), Deadline.saturatedMultiply(timeout, unitNanos)) : 0; // no clock read for a poll
        long left = timeout;
        for (;;) {
            int n;
            try {
                n = call.invoke(st, fd, a, b, c, count, left);
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
    }

    /** A data call restarted on EINTR: the count, or minus the errno of any other failure (-EAGAIN: not ready). */
    static long attempt(Io call, int fd, MemorySegment buf, long n, int flags, MemorySegment addr, MemorySegment addrLen,
            int addrSize) {
        MemorySegment st = Downcall.state();
        for (;;) {
            long r;
            try {
                r = call.invoke(st, fd, buf, n, flags, addr, addrLen, addrSize);
            } catch (Throwable t) {
                throw Downcall.unexpected(t);
            }
            if (r >= 0 || Downcall.errno(st) != EINTR) {
                return r >= 0 ? r : -Downcall.errno(st);
            }
        }
    }

    /** {@link #attempt} without flags or address (read, write), failing with the ErrnoException. */
    static long io(String name, Io call, int fd, MemorySegment buf, long n, int flags) throws ErrnoException {
        long r = attempt(call, fd, buf, n, flags, MemorySegment.NULL, MemorySegment.NULL, 0);
        if (r < 0) {
            throw Errno.exception((int) -r, name);
        }
        return r;
    }

    /** A call that returns int, restarted on EINTR (accept, waitpid): its result, or the ErrnoException. */
    static int restarted(String name, Downcall.IntCall call) throws ErrnoException {
        MemorySegment st = Downcall.state();
        for (;;) {
            int r = Downcall.invoke(call, st);
            if (r >= 0) {
                return r;
            }
            throwUnlessInterrupted(st, name);
        }
    }

    /** After a failed call: returns for EINTR (the caller restarts), else throws the errno. */
    static void throwUnlessInterrupted(MemorySegment state, String call) throws ErrnoException {
        if (Downcall.errno(state) != EINTR) {
            throw Downcall.fail(state, call);
        }
    }

    /** True when the errno of the call just made on {@code state} is EINTR. */
    static boolean interrupted(MemorySegment state) {
        return Downcall.errno(state) == EINTR;
    }
}
