package dev.jselect.internal.wait;

import dev.jselect.internal.Deadline;

import dev.jselect.internal.sys.SignalInterrupt;

import dev.jselect.internal.OwnedFd;

import dev.jselect.internal.sys.Constants;

import dev.jselect.internal.sys.ErrnoNames;

import dev.jselect.internal.sys.PollFdStruct;

import dev.jselect.internal.NativeMemory;

import dev.jselect.internal.sys.WaitCalls;

import dev.jselect.internal.sys.FdCalls;

import dev.jselect.ErrnoException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The wait half of CPython's {@code sock_call}: an operation was tried without blocking and
 * would have blocked, so wait until its fd is ready (or a deadline passes), then the caller
 * tries again. On a virtual thread the wait parks it on the {@link Poller}, so the carrier runs
 * other virtual threads meanwhile; on a platform thread it is poll(2) on that one fd, as CPython
 * waits for a socket timeout.
 *
 * <p>A wakeup is a hint, never a promise: the caller always retries the operation and comes back
 * here if it would still block. Deadlines are {@link System#nanoTime()} values.
 *
 * <p>Interrupts: {@code Thread.interrupt()} of a virtual thread parked here ends the wait with
 * {@link InterruptedIOException} (the fd is untouched and stays usable; the interrupt status
 * stays set). A platform thread in poll(2) is not interruptible, as a plain blocking call is not.
 */
public final class IoWait {
    /** {@code timed == false}: no deadline. */
    public static final long NO_DEADLINE = 0;

    // one pollfd per thread, for the platform thread's one-fd wait; freed with the thread's last reference
    private static final ThreadLocal<MemorySegment> POLLFD_ONE = ThreadLocal.withInitial(() -> PollFdStruct.allocate(NativeMemory.ofAuto(), 1));

    private static final int F_GETFL = Constants.F_GETFL;
    private static final int O_NONBLOCK = Constants.O_NONBLOCK;
    private static final int POLLOUT = Constants.POLLOUT;

    private IoWait() {}

    /** True on a virtual thread: its blocking calls must park, never hold the carrier. */
    public static boolean mustPark() {
        return Thread.currentThread().isVirtual();
    }

    /**
     * Waits until {@code fd} is ready for {@code event} (POLLIN or POLLOUT; errors and hangups
     * count as ready), until {@code deadline} if {@code timed}, or, on a virtual thread, until
     * {@code owner} is closed ({@link #wakeClosed}). Returns normally in every case but an
     * interrupt: the caller retries its operation, then checks its deadline and its owner.
     *
     * @param owner the object whose close ends the wait, or null
     * @throws InterruptedIOException when a parked virtual thread is interrupted
     */
    public static void await(@Nullable OwnedFd owner, int fd, int event, boolean timed, long deadline) throws ErrnoException, InterruptedIOException {
        if (mustPark()) {
            park(owner, fd, event, timed, deadline);
        } else {
            MemorySegment p = POLLFD_ONE.get();
            PollFdStruct.set(p, 0, fd, event);
            WaitCalls.poll(p, 1, timed ? Math.max(Deadline.remainingMillis(deadline), 0) : -1);
        }
    }

    /**
     * For calls with no per-call non-blocking flag on an fd whose mode is the caller's (os.read,
     * os.write on a raw fd): on a virtual thread, parks until {@code fd} is ready for {@code event}
     * and returns true, or returns false at once when the fd is in non-blocking mode (the call
     * then reports EAGAIN itself, as the caller asked). The fd's mode is never changed: it may be
     * shared with other processes. A ready fd can still block if another reader or writer takes
     * the readiness first; the carrier is then held for that call, as by a plain blocking call.
     */
    public static boolean parkUntilReady(int fd, int event) throws ErrnoException, InterruptedIOException {
        int closes = FdCloses.begin(fd);
        try {
            for (;;) {
                if (readyNow(fd, event)) {
                    return true;
                }
                if ((FdCalls.fcntl(fd, F_GETFL, 0) & O_NONBLOCK) != 0) {
                    return false;
                }
                park(null, fd, event, false, NO_DEADLINE);
                if (FdCloses.closedSince(fd, closes)) { // never go on with a file that got the number since
                    throw ErrnoNames.exception(Constants.EBADF, event == POLLOUT ? "write" : "read");
                }
            }
        } finally {
            FdCloses.end(fd);
        }
    }

    /** poll(2) of one fd with a zero timeout: ready for {@code event}, or in error, hung up or invalid. */
    public static boolean readyNow(int fd, int event) throws ErrnoException {
        MemorySegment p = POLLFD_ONE.get();
        PollFdStruct.set(p, 0, fd, event);
        return WaitCalls.poll(p, 1, 0) > 0;
    }

    private static void park(@Nullable OwnedFd owner, int fd, int event, boolean timed, long deadline) throws ErrnoException, InterruptedIOException {
        Poller poller = Poller.of(event);
        if (!poller.register(fd)) {
            PlatformWait.await(new int[] {fd, event}, 2, timed, deadline); // the poller cannot watch it
            return;
        }
        try {
            if (owner != null && owner.isClosed()) {
                return; // closed before the registration could be seen by close's wakeAll
            }
            parkUntil(timed, deadline);
        } finally {
            poller.deregister(fd);
        }
        throwIfInterrupted();
    }

    /** Parks the current thread until unparked, interrupted, or (if timed) the deadline. */
    static void parkUntil(boolean timed, long deadline) {
        if (timed) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(left);
            }
        } else {
            LockSupport.park();
        }
    }

    /** The exception a parked wait ends with when its virtual thread was interrupted; the status stays set. */
    static void throwIfInterrupted() throws InterruptedIOException {
        SignalInterrupt.raiseIfPending(); // a signal handler's exception for this thread, which it unparked
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while waiting for I/O");
        }
    }

    /** Wakes every virtual thread parked on {@code fd}: the owner of {@code fd} was just closed. */
    public static void wakeClosed(int fd) {
        Poller.wakeAll(fd);
    }

    /** A monotonic deadline {@code nanos} from now, saturating. */
    public static long deadlineAfter(long nanos) {
        return Deadline.after(System.nanoTime(), nanos);
    }

    /** True once {@code deadline} has passed. */
    public static boolean expired(long deadline) {
        return deadline - System.nanoTime() <= 0;
    }
}
