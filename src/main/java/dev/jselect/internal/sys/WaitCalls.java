package dev.jselect.internal.sys;

import dev.jselect.ErrnoException;
import dev.jselect.internal.Scratch;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The kernel's readiness waits and the objects they wait on: epoll_wait, poll and select (each
 * restarted after EINTR with the time left, by {@link Restart}), epoll_create1/epoll_ctl and
 * eventfd. epoll and eventfd are Linux-only: elsewhere their methods throw
 * {@link UnsupportedOperationException}, for epoll naming poll and select instead.
 */
public final class WaitCalls {
    private static final long MILLIS = 1_000_000;
    private static final long MICROS = 1_000;

    // Each call is bound the first time it is made (its own holder class, initialised on first
    // use), so a program that only selects links no epoll stub and one that only epolls no
    // select stub. The holders are loaded (not initialised) with this class: a poller starting
    // with the fd table full initialises its holder then, and a class first loaded from a
    // directory with the table full would fail for good.
    static {
        Downcall.preload(EpollCreate1.class, EpollCtl.class, EpollWait.class, Eventfd.class, PollCall.class, SelectCall.class);
    }

    // Linux-only calls: null elsewhere, and their methods say so
    private static final class EpollCreate1 {
        static final MethodHandle H = Downcall.bindIfPresent("epoll_create1");
    }
    private static final class EpollCtl {
        static final MethodHandle H = Downcall.bindIfPresent("epoll_ctl");
    }
    private static final class Eventfd {
        static final MethodHandle H = Downcall.bindIfPresent("eventfd");
    }

    // the three waits in Restart.WAIT's shape: (state, fd, a, b, c, count, timeout, timeval)
    private static final class EpollWait {
        static final MethodHandle H = Downcall.bindIfPresent("epoll_wait");
        static final MethodHandle CALL = Restart.call(MethodHandles.lookup(), "call", Restart.WAIT);

        private static int call(MemorySegment st, int fd, MemorySegment a, MemorySegment b, MemorySegment c, long count,
                long timeout, MemorySegment tv) throws Throwable {
            return (int) H.invokeExact(st, fd, a, (int) count, (int) timeout);
        }
    }
    private static final class PollCall {
        // nfds_t is unsigned long on Linux and unsigned int on macOS: called as long everywhere
        static final MethodHandle H = Downcall.adapt(Downcall.bind("poll"),
                MethodType.methodType(int.class, MemorySegment.class, long.class, int.class));
        static final MethodHandle CALL = Restart.call(MethodHandles.lookup(), "call", Restart.WAIT);

        private static int call(MemorySegment st, int fd, MemorySegment a, MemorySegment b, MemorySegment c, long count,
                long timeout, MemorySegment tv) throws Throwable {
            return (int) H.invokeExact(st, a, count, (int) timeout);
        }
    }
    private static final class SelectCall {
        static final MethodHandle H = Downcall.bind("select");
        static final MethodHandle CALL = Restart.call(MethodHandles.lookup(), "call", Restart.WAIT);

        private static int call(MemorySegment st, int fd, MemorySegment a, MemorySegment b, MemorySegment c, long count,
                long timeout, MemorySegment tv) throws Throwable {
            return (int) H.invokeExact(st, (int) count, a, b, c, Timeval.of(tv, timeout));
        }
    }

    private WaitCalls() {}

    /**
     * epoll_wait(2). {@code timeoutMillis < 0} blocks. Returns the number of events written,
     * 0 when the time ran out (also after an EINTR past the deadline).
     */
    public static int epollWait(int epfd, MemorySegment events, int maxevents, int timeoutMillis) throws ErrnoException {
        Downcall.require(EpollWait.H, "epoll");
        return Restart.await("epoll_wait", EpollWait.CALL, epfd, events, MemorySegment.NULL, MemorySegment.NULL,
                maxevents, timeoutMillis, MILLIS);
    }

    /** poll(2) over {@code nfds} {@code struct pollfd}; {@code timeoutMillis < 0} blocks. */
    public static int poll(MemorySegment fds, long nfds, int timeoutMillis) throws ErrnoException {
        return Restart.await("poll", PollCall.CALL, -1, fds, MemorySegment.NULL, MemorySegment.NULL, nfds, timeoutMillis, MILLIS);
    }

    /**
     * select(2). The fd_set segments may be {@link MemorySegment#NULL}; {@code timeoutMicros < 0}
     * blocks. On EINTR the kernel leaves the sets untouched, so the call is simply repeated; when
     * the time ran out meanwhile the sets are cleared here, as a timeout clears them (CPython's
     * bpo-35310), so that no fd reads as ready.
     */
    public static int select(int nfds, MemorySegment r, MemorySegment w, MemorySegment x, long timeoutMicros)
            throws ErrnoException {
        int n = Restart.await("select", SelectCall.CALL, -1, r, w, x, nfds, timeoutMicros, MICROS);
        if (n == 0) {
            r.fill((byte) 0); // NULL, a zero-length segment, fills nothing
            w.fill((byte) 0);
            x.fill((byte) 0);
        }
        return n;
    }

    public static int epollCreate1(int flags) throws ErrnoException {
        Downcall.require(EpollCreate1.H, "epoll");
        return Downcall.call("epoll_create1", st -> (int) EpollCreate1.H.invokeExact(st, flags));
    }

    /** epoll_ctl(2); {@code event} is a {@code struct epoll_event} or NULL for EPOLL_CTL_DEL. */
    public static void epollCtl(int epfd, int op, int fd, MemorySegment event) throws ErrnoException {
        int r;
        try (Scratch sc = Downcall.scratch()) {
            r = tryEpollCtl(sc, epfd, op, fd, event);
        }
        if (r < 0) {
            throw ErrnoNames.exception(-r, "epoll_ctl");
        }
    }

    /** epoll_ctl(2) with failure as minus the errno (for the poller's expected ENOENT: no exception built), errno captured in {@code sc}. */
    public static int tryEpollCtl(Scratch sc, int epfd, int op, int fd, MemorySegment event) {
        Downcall.require(EpollCtl.H, "epoll");
        int r;
        try { // no lambda: the virtual-thread pollers and Epoll.modify make this call per wait
            r = (int) EpollCtl.H.invokeExact(sc.state, epfd, op, fd, event);
        } catch (Throwable t) {
            throw Downcall.unexpected(t);
        }
        return r == -1 ? -Downcall.errno(sc.state) : r;
    }

    /** eventfd(2); Linux only. */
    public static int eventfd(int initval, int flags) throws ErrnoException {
        Downcall.require(Eventfd.H, "eventfd");
        return Downcall.call("eventfd", st -> (int) Eventfd.H.invokeExact(st, initval, flags));
    }
}
