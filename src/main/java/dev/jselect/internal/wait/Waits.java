package dev.jselect.internal.wait;

import dev.jselect.ErrnoException;
import dev.jselect.internal.Deadline;
import dev.jselect.internal.Scratch;
import dev.jselect.internal.OwnedFd;
import dev.jselect.internal.jfr.WaitEvents;
import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.ErrnoNames;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.sys.PollFdStruct;
import dev.jselect.internal.sys.WaitCalls;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.jfr.Event;
import org.jspecify.annotations.Nullable;

/**
 * Every wait of jselect, by what it waits on: a kernel set ({@link #epollWait}, {@link #poll},
 * {@link #select}: Epoll, Poll, Select.select and the selectors) or one fd ({@link #awaitFd}:
 * sockets, a child's exit; {@link #parkUntilReady}: os.read and os.write). Each entry point
 * decides once, as the JDK's {@code SelChImpl.park} does, how the current thread waits: a
 * platform thread blocks in the system call; a virtual thread parks on the {@link Poller} so
 * its carrier runs other virtual threads meanwhile (an interrupt then ends the wait with
 * {@link InterruptedIOException}, the status kept). EINTR is restarted with the time left
 * ({@link dev.jselect.internal.sys.Restart}); a deadline is one {@link Deadline} value.
 *
 * <p>A virtual thread's set wait is: look with a zero timeout; if nothing is ready, park until
 * a watched fd is ready (an epoll fd is itself pollable: readable when it has events), then
 * look again; until the deadline. For poll and select, every fd of the set is registered with
 * the pollers for the park: O(n) registrations per park, the price of no helper platform thread
 * (a virtual thread waiting on a large set in a tight loop is better served by Epoll, whose park
 * registers one fd). A wakeup or close of the waiting object makes its wakeup fd readable,
 * which ends the park like any other readiness.
 *
 * <p>The platform thread's path calls {@link WaitCalls} directly in each entry point: one more
 * call level there keeps the JIT from scalar-replacing what the zero-allocation waits rely on.
 * While a Flight Recorder recording wants it, a set wait is a {@code dev.jselect.Wait} event.
 */
public final class Waits {
    private static final int POLLIN = Constants.POLLIN;
    private static final int POLLOUT = Constants.POLLOUT;
    private static final int POLLPRI = Constants.POLLPRI;
    private static final int F_GETFL = Constants.F_GETFL;
    private static final int O_NONBLOCK = Constants.O_NONBLOCK;
    private static final long MILLIS = 1_000_000;
    private static final long MICROS = 1_000;

    private Waits() {}

    /** True on a virtual thread: its waits must park, never hold the carrier. */
    public static boolean mustPark() {
        return Thread.currentThread().isVirtual();
    }

    // ---- kernel sets ----

    /**
     * epoll_wait(2) on {@code epfd} into the first {@code maxevents} entries of {@code events};
     * {@code timeoutMillis < 0} blocks. Returns the number of events.
     */
    public static int epollWait(int epfd, MemorySegment events, int maxevents, int timeoutMillis)
            throws ErrnoException, InterruptedIOException {
        Event event = WaitEvents.begin(); // null unless a recording wants it; the segments never reach it
        int n = mustPark() && timeoutMillis != 0
                ? parkingEpollWait(epfd, events, maxevents, timeoutMillis)
                : WaitCalls.epollWait(epfd, events, maxevents, timeoutMillis);
        WaitEvents.end(event, "epoll_wait", epfd, maxevents, timeoutMillis, MILLIS, n);
        return n;
    }

    /** poll(2) over the {@code nfds} pollfd entries of {@code fds}; {@code timeoutMillis < 0} blocks. */
    public static int poll(MemorySegment fds, long nfds, int timeoutMillis) throws ErrnoException, InterruptedIOException {
        Event event = WaitEvents.begin();
        int n = mustPark() && timeoutMillis != 0
                ? parkingPoll(fds, nfds, timeoutMillis)
                : WaitCalls.poll(fds, nfds, timeoutMillis);
        WaitEvents.end(event, "poll", -1, nfds, timeoutMillis, MILLIS, n);
        return n;
    }

    /**
     * select(2) over the first {@code nfds} fds of the native fd_sets {@code r}, {@code w},
     * {@code x} (NULL for none), which are replaced by the ready fds; {@code timeoutMicros < 0}
     * blocks. Returns the number of ready fds.
     */
    public static int select(int nfds, MemorySegment r, MemorySegment w, MemorySegment x, long timeoutMicros)
            throws ErrnoException, InterruptedIOException {
        Event event = WaitEvents.begin();
        int n = mustPark() && timeoutMicros != 0
                ? parkingSelect(nfds, r, w, x, timeoutMicros)
                : WaitCalls.select(nfds, r, w, x, timeoutMicros);
        WaitEvents.end(event, "select", -1, nfds, timeoutMicros, MICROS, n);
        return n;
    }

    private static int parkingEpollWait(int epfd, MemorySegment events, int maxevents, int timeoutMillis)
            throws ErrnoException, InterruptedIOException {
        long deadline = timeoutMillis < 0 ? Deadline.NONE : Deadline.afterMillis(timeoutMillis);
        int[] watched = {epfd, POLLIN};
        for (;;) {
            int n = WaitCalls.epollWait(epfd, events, maxevents, 0);
            if (n > 0 || Deadline.expired(deadline)) {
                return n;
            }
            Poller.park(watched, 2, deadline, null);
        }
    }

    private static int parkingPoll(MemorySegment fds, long nfds, int timeoutMillis)
            throws ErrnoException, InterruptedIOException {
        long deadline = timeoutMillis < 0 ? Deadline.NONE : Deadline.afterMillis(timeoutMillis);
        int[] watched = new int[(int) nfds * 2];
        for (;;) {
            int n = WaitCalls.poll(fds, nfds, 0);
            if (n > 0 || Deadline.expired(deadline)) {
                return n;
            }
            int count = 0;
            for (long i = 0; i < nfds; i++) {
                int fd = PollFdStruct.fd(fds, i);
                if (fd >= 0) { // poll(2) ignores negative fds
                    watched[count++] = fd;
                    watched[count++] = PollFdStruct.events(fds, i) & 0xffff; // exactly what it asks: a poller per mask
                }
            }
            Poller.park(watched, count, deadline, null);
        }
    }

    /** The sets are kept as given until a look finds something or the time is up, as select(2) would leave them. */
    private static int parkingSelect(int nfds, MemorySegment r, MemorySegment w, MemorySegment x, long timeoutMicros)
            throws ErrnoException, InterruptedIOException {
        long deadline = timeoutMicros < 0 ? Deadline.NONE : Deadline.afterMicros(timeoutMicros);
        byte @Nullable [] rs = save(r);
        byte @Nullable [] ws = save(w);
        byte @Nullable [] xs = save(x);
        int[] watched = new int[nfds * 2];
        for (;;) {
            boolean last = Deadline.expired(deadline);
            int n = WaitCalls.select(nfds, r, w, x, 0);
            if (n > 0 || last) {
                return n;
            }
            restore(rs, r);
            restore(ws, w);
            restore(xs, x);
            int count = 0;
            for (int fd = 0; fd < nfds; fd++) {
                // select(2)'s sets are poll's POLLIN, POLLOUT and POLLPRI (exceptional: urgent data)
                int events = (isSet(rs, fd) ? POLLIN : 0) | (isSet(ws, fd) ? POLLOUT : 0) | (isSet(xs, fd) ? POLLPRI : 0);
                if (events != 0) {
                    watched[count++] = fd;
                    watched[count++] = events;
                }
            }
            Poller.park(watched, count, deadline, null);
        }
    }

    private static byte @Nullable [] save(MemorySegment set) {
        return set.equals(MemorySegment.NULL) ? null : set.toArray(ValueLayout.JAVA_BYTE);
    }

    private static void restore(byte @Nullable [] saved, MemorySegment set) {
        if (saved != null) {
            MemorySegment.copy(saved, 0, set, ValueLayout.JAVA_BYTE, 0, saved.length);
        }
    }

    /** fd_set bit {@code fd}: bit fd % 8 of byte fd / 8 on the little-endian platforms supported. */
    private static boolean isSet(byte @Nullable [] set, int fd) {
        return set != null && (set[fd >>> 3] & (1 << (fd & 7))) != 0;
    }

    // ---- one fd ----

    /**
     * The wait half of CPython's {@code sock_call}: an operation was tried without blocking and
     * would have blocked, so wait until {@code fd} is ready for {@code event} (POLLIN or POLLOUT;
     * errors and hangups count as ready), until {@code deadline} ({@link Deadline#NONE}: no
     * limit), or, on a virtual thread, until {@code owner} (null for none) is closed
     * ({@link #wakeClosed}). A platform thread waits in poll(2) on the one fd, as CPython waits
     * for a socket timeout, and is not interruptible, as a plain blocking call is not. Returns
     * normally in every case but an interrupt: a wakeup is a hint, never a promise, so the caller
     * retries its operation, then checks its deadline and its owner.
     *
     * @throws InterruptedIOException when a parked virtual thread is interrupted
     */
    public static void awaitFd(int fd, int event, long deadline, @Nullable OwnedFd owner) throws ErrnoException, InterruptedIOException {
        if (mustPark()) {
            Poller.park(new int[] {fd, event}, 2, deadline, owner);
        } else {
            try (Scratch sc = Scratch.take()) {
                WaitCalls.poll(onePollFd(sc, fd, event), 1, Deadline.pollTimeoutMillis(deadline));
            }
        }
    }

    /**
     * For calls with no per-call non-blocking flag on an fd whose mode is the caller's (os.read,
     * os.write on a raw fd), on a virtual thread: parks until {@code fd} is ready for
     * {@code event} and returns true, or returns false at once when the fd is in non-blocking
     * mode (the call then reports EAGAIN itself, as the caller asked). The fd's mode is never
     * changed: it may be shared with other processes. A ready fd can still block if another
     * reader or writer takes the readiness first; the carrier is then held for that call, as by
     * a plain blocking call.
     */
    public static boolean parkUntilReady(int fd, int event) throws ErrnoException, InterruptedIOException {
        int closes = FdCloses.begin(fd);
        try {
            int[] watched = {fd, event};
            for (;;) {
                if (readyNow(fd, event)) {
                    return true;
                }
                if ((FdCalls.fcntl(fd, F_GETFL, 0) & O_NONBLOCK) != 0) {
                    return false;
                }
                Poller.park(watched, 2, Deadline.NONE, null);
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
        try (Scratch sc = Scratch.take()) {
            return WaitCalls.poll(onePollFd(sc, fd, event), 1, 0) > 0;
        }
    }

    /** Wakes every virtual thread parked on {@code fd}: the owner of {@code fd} was just closed. */
    public static void wakeClosed(int fd) {
        Poller.wakeAll(fd);
    }

    /** The scratch block's pollfd, set to {@code fd} and {@code event}. */
    private static MemorySegment onePollFd(Scratch sc, int fd, int event) {
        MemorySegment p = sc.pollFd;
        PollFdStruct.set(p, 0, fd, event);
        return p;
    }
}
