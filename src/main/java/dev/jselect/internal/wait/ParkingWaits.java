package dev.jselect.internal.wait;

import dev.jselect.internal.Deadline;

import dev.jselect.internal.sys.Constants;

import dev.jselect.internal.sys.PollFdStruct;

import dev.jselect.internal.sys.WaitCalls;

import dev.jselect.internal.Timeouts;

import dev.jselect.ErrnoException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jspecify.annotations.Nullable;

/**
 * epoll_wait, poll and select as a virtual thread must make them: drop-in replacements for the
 * {@link WaitCalls} waits at the one place where Epoll, Poll and Select block. With a zero
 * timeout they are the plain system call. Otherwise a wait becomes: look with a zero timeout; if nothing is ready, park on the {@link Poller} until
 * one of the watched fds is ready (an epoll fd is itself pollable: readable when it has events),
 * then look again; until the deadline. Timeouts keep their meaning; a wakeup or close of the wait
 * object makes its wakeup fd readable, which ends the park like any other readiness.
 *
 * <p>For poll and select, every fd of the set is registered with the poller for the park and
 * deregistered after it: O(n) registrations per park, the price of no helper platform thread
 * (a virtual thread waiting on a large set in a tight loop is better served by Epoll, whose park
 * registers one fd). Interrupting the parked virtual thread ends the wait with
 * {@link InterruptedIOException}; the wait object stays usable.
 *
 * <p>{@link KernelWait#block} tests {@link IoWait#mustPark()} and calls {@link WaitCalls} directly
 * on a platform thread: one more call level on that path keeps the JIT from scalar-replacing what
 * the zero-allocation waits rely on.
 */
public final class ParkingWaits {
    private static final int POLLIN = Constants.POLLIN;
    private static final int POLLOUT = Constants.POLLOUT;
    private static final int POLLPRI = Constants.POLLPRI;

    private ParkingWaits() {}

    /** {@link WaitCalls#epollWait}, parking a virtual thread on the epoll fd's readiness. */
    public static int epollWait(int epfd, MemorySegment events, int maxevents, int timeoutMillis)
            throws ErrnoException, InterruptedIOException {
        if (timeoutMillis == 0) {
            return WaitCalls.epollWait(epfd, events, maxevents, timeoutMillis);
        }
        return parkingEpollWait(epfd, events, maxevents, timeoutMillis);
    }

    private static int parkingEpollWait(int epfd, MemorySegment events, int maxevents, int timeoutMillis)
            throws ErrnoException, InterruptedIOException {
        boolean timed = timeoutMillis > 0;
        long deadline = timed ? Deadline.afterMillis(timeoutMillis) : 0;
        for (;;) {
            int n = WaitCalls.epollWait(epfd, events, maxevents, 0);
            if (n > 0 || timed && IoWait.expired(deadline)) {
                return n;
            }
            IoWait.await(null, epfd, POLLIN, timed, deadline);
        }
    }

    /** {@link WaitCalls#poll}, parking a virtual thread until an fd of the set is ready. */
    public static int poll(MemorySegment fds, long nfds, int timeoutMillis) throws ErrnoException, InterruptedIOException {
        if (timeoutMillis == 0) {
            return WaitCalls.poll(fds, nfds, timeoutMillis);
        }
        return parkingPoll(fds, nfds, timeoutMillis);
    }

    private static int parkingPoll(MemorySegment fds, long nfds, int timeoutMillis) throws ErrnoException, InterruptedIOException {
        boolean timed = timeoutMillis > 0;
        long deadline = timed ? Deadline.afterMillis(timeoutMillis) : 0;
        for (;;) {
            int n = WaitCalls.poll(fds, nfds, 0);
            if (n > 0 || timed && IoWait.expired(deadline)) {
                return n;
            }
            int[] watched = new int[(int) nfds * 2];
            int count = 0;
            for (long i = 0; i < nfds; i++) {
                int fd = PollFdStruct.fd(fds, i);
                if (fd < 0) {
                    continue; // poll(2) ignores negative fds
                }
                watched[count++] = fd;
                watched[count++] = PollFdStruct.events(fds, i) & 0xffff; // exactly what it asks: a poller per mask
            }
            parkOnAny(watched, count, timed, deadline);
        }
    }

    /**
     * {@link WaitCalls#select}, parking a virtual thread until an fd of the sets is ready. The sets
     * (NULL for none) are kept as given until a look finds something or the time is up, as
     * select(2) would leave them.
     */
    public static int select(int nfds, MemorySegment r, MemorySegment w, MemorySegment x, long timeoutMicros)
            throws ErrnoException, InterruptedIOException {
        if (timeoutMicros == 0) {
            return WaitCalls.select(nfds, r, w, x, timeoutMicros);
        }
        return parkingSelect(nfds, r, w, x, timeoutMicros);
    }

    private static int parkingSelect(int nfds, MemorySegment r, MemorySegment w, MemorySegment x, long timeoutMicros)
            throws ErrnoException, InterruptedIOException {
        boolean timed = timeoutMicros > 0;
        long deadline = timed ? Deadline.afterMicros(timeoutMicros) : 0;
        byte[] rs = save(r);
        byte[] ws = save(w);
        byte[] xs = save(x);
        for (;;) {
            boolean last = timed && IoWait.expired(deadline);
            int n = WaitCalls.select(nfds, r, w, x, 0);
            if (n > 0 || last) {
                return n;
            }
            restore(rs, r);
            restore(ws, w);
            restore(xs, x);
            int[] watched = new int[nfds * 2];
            int count = 0;
            for (int fd = 0; fd < nfds; fd++) {
                // select(2)'s sets are poll's POLLIN, POLLOUT and POLLPRI (exceptional: urgent data)
                int events = (isSet(rs, fd) ? POLLIN : 0) | (isSet(ws, fd) ? POLLOUT : 0) | (isSet(xs, fd) ? POLLPRI : 0);
                if (events != 0) {
                    watched[count++] = fd;
                    watched[count++] = events;
                }
            }
            parkOnAny(watched, count, timed, deadline);
        }
    }

    /**
     * Registers each (fd, events) pair of {@code watched[0..count)} with the poller of exactly
     * those events, parks once, deregisters them all. If a poller cannot take one of them, the
     * whole set waits on a platform thread instead ({@link PlatformWait}).
     */
    private static void parkOnAny(int[] watched, int count, boolean timed, long deadline)
            throws ErrnoException, InterruptedIOException {
        int registered = 0;
        boolean unwatchable = false;
        try {
            for (; registered < count; registered += 2) {
                if (!Poller.of(watched[registered + 1]).register(watched[registered])) {
                    unwatchable = true;
                    break;
                }
            }
            if (!unwatchable) {
                IoWait.parkUntil(timed, deadline);
            }
        } finally {
            for (int i = 0; i < registered; i += 2) {
                Poller.of(watched[i + 1]).deregister(watched[i]);
            }
        }
        if (unwatchable) {
            PlatformWait.await(watched, count, timed, deadline);
            return;
        }
        IoWait.throwIfInterrupted();
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
}
