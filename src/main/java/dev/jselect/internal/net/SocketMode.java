package dev.jselect.internal.net;

import dev.jselect.ErrnoException;
import dev.jselect.internal.Deadline;
import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.wait.Waits;
import java.io.IOException;

/**
 * One socket's blocking mode, CPython's {@code sock_timeout}: the timeout (-1 none, 0
 * non-blocking, else nanoseconds) and whether O_NONBLOCK is set on the fd, which
 * {@link SocketGate} reads on every call to decide whether the call may simply block.
 */
final class SocketMode {
    /** CPython's sock_timeout: -1 none (blocking), 0 non-blocking, else nanoseconds. */
    private volatile long timeoutNanos;
    /** O_NONBLOCK is set on the fd: for a timeout, or since a virtual thread's accept or connect. */
    private volatile boolean fdNonBlocking;

    /** The timeout: -1 none (blocking), 0 non-blocking, else nanoseconds. */
    long timeoutNanos() {
        return timeoutNanos;
    }

    /**
     * A new socket's first mode, as CPython's init_sockobject sets it: O_NONBLOCK is set for any
     * timeout but -1, unless {@code madeNonBlocking} says the socket was made with it (SOCK_NONBLOCK).
     */
    void start(SocketFd fd, long timeout, boolean madeNonBlocking) throws IOException {
        if (timeout >= 0 && !madeNonBlocking) {
            setTimeout(fd, timeout);
        } else {
            set(timeout);
        }
    }

    /** Python's settimeout: O_NONBLOCK set on the fd for any timeout but -1, cleared for -1. */
    void setTimeout(SocketFd fd, long timeout) throws IOException {
        int s = fd.acquire();
        try {
            setFdBlocking(s, timeout < 0);
            set(timeout);
        } finally {
            fd.release();
        }
    }

    private void set(long timeout) {
        timeoutNanos = timeout;
        fdNonBlocking = timeout >= 0;
    }

    /** Sets O_NONBLOCK for good before a parking or timed accept or connect (the JDK does the same). */
    void makeFdNonBlocking(int s) throws ErrnoException {
        if (!fdNonBlocking) {
            setFdBlocking(s, false);
            fdNonBlocking = true;
        }
    }

    private static void setFdBlocking(int s, boolean blocking) throws ErrnoException {
        int flags = FdCalls.fcntl(s, Constants.F_GETFL, 0);
        int wanted = blocking ? flags & ~Constants.O_NONBLOCK : flags | Constants.O_NONBLOCK;
        if (wanted != flags) {
            FdCalls.fcntl(s, Constants.F_SETFL, wanted);
        }
    }

    /**
     * True when a call may simply block in the kernel: blocking socket (the call's {@code timeout},
     * read once), fd in blocking mode, platform thread. The hot path of a blocking socket pays this one check.
     */
    boolean plainBlocking(long timeout) {
        return timeout < 0 && !fdNonBlocking && !Waits.mustPark();
    }

    /** The deadline of a call starting now, {@code timeout} read once for it: {@link Deadline#NONE} unless positive. */
    static long deadline(long timeout) {
        return timeout > 0 ? Deadline.fromNow(timeout) : Deadline.NONE;
    }
}
