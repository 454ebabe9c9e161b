package dev.jselect.internal;

import dev.jselect.internal.sys.FdCalls;

import dev.jselect.ErrnoException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file descriptor owned by one Java object, guarding against the fd-reuse bug: the number is
 * passed to close(2) exactly once, however many threads call {@link #close()}, and never while a
 * call that {@link #acquire acquired} it is still running, so no call can reach a descriptor the
 * kernel has since handed to someone else.
 *
 * <p>One atomic int holds the state: bit 0 is "closed", bit 1 "close(2) taken" (by the close or
 * the release that runs it), the rest counts calls in flight. A close while calls are in flight
 * only marks the descriptor closed; the last {@link #release()} then closes it. Until then the
 * kernel object stays alive, exactly as it would with an immediate close(2), since a blocked
 * system call holds its own reference to the open file.
 *
 * <p>A call costs one atomic add to begin and one to end, with no read or retry before it: an
 * acquire counts itself in first and looks at the bits it counted itself into; finding the
 * descriptor closed, it takes itself out again as a release does (so a close that saw it
 * counted is finished by it), and the "taken" bit keeps such a passing count from ever running
 * close(2) a second time.
 *
 * <p>An owner with native memory that calls write into (an event buffer) passes an
 * {@code afterClose} action: it runs exactly once, right after close(2), so never under a call.
 */
public final class OwnedFd {
    private static final Logger LOG = LoggerFactory.getLogger(OwnedFd.class);
    private static final int CLOSED = 1;
    /** close(2) has been claimed by exactly one close or release: nobody else runs it. */
    private static final int TAKEN = 2;
    private static final int ONE_CALL = 4;

    private final int fd;
    private final String kind;
    private final boolean closesFd;
    private final Runnable afterClose;
    private final AtomicInteger state = new AtomicInteger();

    /** Takes ownership of {@code fd}; {@code kind} names the object in errors ("socket"). */
    public OwnedFd(int fd, String kind) {
        this(fd, kind, () -> {});
    }

    /** As {@link #OwnedFd(int, String)}, running {@code afterClose} once the descriptor is really closed. */
    public OwnedFd(int fd, String kind, Runnable afterClose) {
        this(fd, kind, true, afterClose);
    }

    /**
     * As {@link #OwnedFd(int, String, Runnable)}; with {@code closesFd} false, {@code afterClose}
     * alone releases the descriptor (an object whose fd is part of something that closes itself).
     */
    public OwnedFd(int fd, String kind, boolean closesFd, Runnable afterClose) {
        if (fd < 0) {
            throw new IllegalArgumentException("negative file descriptor " + fd);
        }
        this.fd = fd;
        this.kind = kind;
        this.closesFd = closesFd;
        this.afterClose = afterClose;
    }

    /**
     * The descriptor for one call, which must be paired with {@link #release()} in a finally
     * block. Throws {@link IllegalStateException} once closed (Python's "I/O operation on closed").
     */
    public int acquire() {
        int s = tryAcquire();
        if (s < 0) {
            throw new IllegalStateException("I/O operation on closed " + kind);
        }
        return s;
    }

    /** {@link #acquire()}, but -1 (nothing to release) once closed, for owners that report closing their own way. */
    public int tryAcquire() {
        if ((state.getAndAdd(ONE_CALL) & CLOSED) != 0) {
            release(); // counted in after the close: out again, finishing the close if it waited for this count
            return -1;
        }
        return fd;
    }

    /** Ends a call begun by {@link #acquire()}; the last call out after a close closes the fd. */
    public void release() {
        if (state.addAndGet(-ONE_CALL) == CLOSED && state.compareAndSet(CLOSED, CLOSED | TAKEN)) {
            try {
                closeNow();
            } catch (ErrnoException e) {
                // The caller's own call already has its result; the fd is released by the kernel either way.
                LOG.debug("deferred close of {} fd {} failed", kind, fd, e);
            }
        }
    }

    /**
     * Marks the descriptor closed and closes it now, or after the last call in flight returns.
     * Later calls do nothing. Errors of close(2) reach only the caller that actually closed.
     */
    public void close() throws ErrnoException {
        for (;;) {
            int s = state.get();
            if ((s & CLOSED) != 0) {
                return;
            }
            if (state.compareAndSet(s, s == 0 ? CLOSED | TAKEN : s | CLOSED)) {
                LOG.debug("close {} fd {}{}", kind, fd, s == 0 ? "" : " (after calls in flight)");
                if (s == 0) {
                    closeNow();
                }
                return;
            }
        }
    }

    /** Runs once, from the close or the release that finds no call left. */
    private void closeNow() throws ErrnoException {
        try {
            if (closesFd) {
                FdCalls.close(fd);
            }
        } finally {
            afterClose.run();
        }
    }

    /** True once {@link #close()} was called, even if the descriptor waits for a call in flight. */
    public boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    /** The number of calls in flight: between {@link #acquire()} and {@link #release()}. */
    public int callsInFlight() {
        return state.get() / ONE_CALL; // an acquire that finds it closed may be counted for a moment
    }

    /** The descriptor number, or -1 once closed (Python's {@code socket.fileno()} after close). */
    public int fileno() {
        return isClosed() ? -1 : fd;
    }
}
