package dev.jselect.internal.sys;

import dev.jselect.internal.Scratch;
import dev.jselect.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The Linux calls macOS lacks, done another way: pipe2 becomes pipe and fcntl, accept4 becomes
 * accept and fcntl, SOCK_CLOEXEC becomes FD_CLOEXEC set right after. Not atomic against a
 * concurrent fork and exec, but the JDK's process launcher closes inherited descriptors in the
 * child anyway. Every method runs on every platform, so that Linux tests them too.
 */
final class DarwinEmulation {
    private static final int O_CLOEXEC = Constants.O_CLOEXEC;
    private static final int O_NONBLOCK = Constants.O_NONBLOCK;
    private static final int F_SETFD = Constants.F_SETFD;
    private static final int F_GETFL = Constants.F_GETFL;
    private static final int F_SETFL = Constants.F_SETFL;
    private static final int FD_CLOEXEC = Constants.FD_CLOEXEC;

    private static final MethodHandle PIPE = Downcall.bind("pipe");
    private static final MethodHandle ACCEPT = Downcall.bind("accept");

    private DarwinEmulation() {}

    /** pipe2's fallback: pipe(2), then the flags on each end; both ends closed when that fails. */
    static int[] pipeThenFcntl(int flags) throws ErrnoException {
        int[] fds;
        try (Scratch sc = Downcall.scratch()) {
            MemorySegment pair = sc.pair;
            Downcall.call("pipe", st -> (int) PIPE.invokeExact(st, pair));
            fds = pair.toArray(ValueLayout.JAVA_INT);
        }
        try {
            for (int fd : fds) {
                applyFlags(fd, (flags & O_CLOEXEC) != 0, (flags & O_NONBLOCK) != 0);
            }
        } catch (ErrnoException e) {
            closeQuietly(fds[0], e);
            closeQuietly(fds[1], e);
            throw e;
        }
        return fds;
    }

    /** accept4's fallback: accept(2) restarted on EINTR, then close-on-exec and blocking as accept4 gives. */
    static int acceptThenFcntl(int fd, MemorySegment addr, MemorySegment addrLen) throws ErrnoException {
        int r = Restart.restarted("accept", st -> (int) ACCEPT.invokeExact(st, fd, addr, addrLen));
        cloexecOrClose(r);
        return r;
    }

    /** Sets FD_CLOEXEC on a descriptor just created, and clears O_NONBLOCK; closes it when that fails. */
    static void cloexecOrClose(int fd) throws ErrnoException {
        try {
            applyFlags(fd, true, false);
        } catch (ErrnoException e) {
            closeQuietly(fd, e);
            throw e;
        }
    }

    /**
     * What O_CLOEXEC/SOCK_CLOEXEC and O_NONBLOCK would have given at creation, set afterwards.
     * O_NONBLOCK is set or cleared: BSD's accept passes the listener's O_NONBLOCK on to the new
     * socket, Linux's accept4 never does.
     */
    private static void applyFlags(int fd, boolean cloexec, boolean nonblock) throws ErrnoException {
        if (cloexec) {
            FdCalls.fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
        int fl = FdCalls.fcntl(fd, F_GETFL, 0);
        if (((fl & O_NONBLOCK) != 0) != nonblock) {
            FdCalls.fcntl(fd, F_SETFL, nonblock ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
        }
    }

    /** Closes a descriptor just created after a later step failed; that failure is what the caller reports. */
    static void closeQuietly(int fd, ErrnoException reported) {
        try {
            FdCalls.close(fd);
        } catch (ErrnoException e) {
            reported.addSuppressed(e);
        }
    }
}
