package dev.jselect.internal;

import dev.jselect.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where parked virtual threads learn that their fd is ready: the JDK's {@code sun.nio.ch.Poller}
 * in small. One daemon platform thread per direction (read, write) waits in epoll on Linux, in
 * poll(2) elsewhere; a thread {@link #register registers} an fd, parks, and is unparked by that
 * thread when the fd becomes ready. Registrations are one-shot (EPOLLONESHOT) and every waiter
 * {@link #deregister deregisters} when it resumes, whatever the reason (ready, timed out,
 * interrupted, closed), so no fd stays in the kernel's interest list after the call that waited.
 *
 * <p>Two pollers, not one, because epoll takes an fd once per instance and a socket often has
 * a reader and a writer waiting at the same time. Several waiters on one fd and direction share
 * the registration; readiness unparks them all and each retries its operation (a wakeup is only
 * a hint: the retry loop tolerates spurious ones, so a stale event for a reused fd number is
 * harmless).
 *
 * <p>The pollers' own fds are private: no caller's number can reach them. Each starts on first
 * use. {@code -Djselect.poller=poll} selects the poll(2) form on Linux too, so that it is tested there.
 */
public abstract sealed class Poller permits Poller.EpollPoller, Poller.PollPoller {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
    private static final int EPERM = Constants.EPERM;

    /** Waiters per fd: a Thread, or a List of them. Guarded by this. */
    private final Map<Integer, Object> waiters = new HashMap<>();

    private static final int POLLOUT = Constants.POLLOUT;
    private static volatile Poller readPoller;  // set once its thread runs; read by registrations() and wakeAll()
    private static volatile Poller writePoller;

    /** The poller for reading (POLLIN/POLLPRI), started on first use. */
    public static Poller forRead() {
        return ReadHolder.POLLER;
    }

    /** The poller for writing (POLLOUT), started on first use. */
    public static Poller forWrite() {
        return WriteHolder.POLLER;
    }

    /** The poller for {@code event}: POLLOUT waits for writing, anything else for reading. */
    public static Poller of(int event) {
        return event == POLLOUT ? forWrite() : forRead();
    }

    /** The fds registered in both pollers right now (0 once every waiting call has returned); for tests. */
    public static int registrations() {
        Poller r = readPoller;
        Poller w = writePoller;
        return (r == null ? 0 : r.size()) + (w == null ? 0 : w.size());
    }

    /**
     * Unparks every thread waiting on {@code fd} in either poller, leaving their registrations to
     * them: what a socket's close() calls so that a parked reader or writer sees the close.
     */
    public static void wakeAll(int fd) {
        Poller r = readPoller;
        Poller w = writePoller;
        if (r != null) {
            r.unparkWaiters(fd);
        }
        if (w != null) {
            w.unparkWaiters(fd);
        }
    }

    private static final class ReadHolder {
        static final Poller POLLER = start(true);
    }

    private static final class WriteHolder {
        static final Poller POLLER = start(false);
    }

    private static Poller start(boolean read) {
        try {
            Poller p = Platform.hasEpoll() && !"poll".equals(System.getProperty("jselect.poller"))
                    ? new EpollPoller(read) : new PollPoller(read);
            Thread.ofPlatform().daemon().name(read ? "jselect-read-poller" : "jselect-write-poller").start(p::loop);
            if (read) {
                readPoller = p;
            } else {
                writePoller = p;
            }
            return p;
        } catch (ErrnoException e) {
            throw new IllegalStateException("cannot start jselect's poller: " + e.getMessage(), e);
        }
    }

    /**
     * Registers the current thread as waiting for {@code fd}; it must then park, and
     * {@link #deregister} in a finally block. Returns false (nothing registered) for an fd the
     * kernel cannot watch (EPERM: regular files and the like, which are always ready), so the
     * caller retries at once.
     */
    public final boolean register(int fd) throws ErrnoException {
        Thread me = Thread.currentThread();
        synchronized (this) {
            Object w = waiters.get(fd);
            if (w == null) {
                try {
                    arm(fd, true);
                } catch (ErrnoException e) {
                    if (e.errno() == EPERM) {
                        return false;
                    }
                    throw e;
                }
                waiters.put(fd, me);
                return true;
            }
            arm(fd, false); // one-shot: the event may have fired already for another waiter
            if (w instanceof Thread t) {
                List<Thread> list = new ArrayList<>(2);
                list.add(t);
                list.add(me);
                waiters.put(fd, list);
            } else {
                @SuppressWarnings("unchecked")
                List<Thread> list = (List<Thread>) w;
                list.add(me);
            }
            return true;
        }
    }

    /** Ends the current thread's wait on {@code fd}: the last waiter out removes it from the kernel's set. */
    public final void deregister(int fd) {
        Thread me = Thread.currentThread();
        synchronized (this) {
            Object w = waiters.get(fd);
            if (w == me) {
                waiters.remove(fd);
                disarm(fd);
            } else if (w instanceof List<?> list) {
                list.remove(me);
                if (list.size() == 1) {
                    waiters.put(fd, list.get(0));
                }
            }
        }
    }

    /** Called by the poller thread for each ready fd. */
    final void ready(int fd) {
        unparkWaiters(fd);
    }

    private synchronized void unparkWaiters(int fd) {
        Object w = waiters.get(fd);
        if (w instanceof Thread t) {
            LockSupport.unpark(t);
        } else if (w instanceof List<?> list) {
            for (Object t : list) {
                LockSupport.unpark((Thread) t);
            }
        }
    }

    private synchronized int size() {
        return waiters.size();
    }

    /** Adds {@code fd} to the kernel's set, one-shot ({@code fresh}), or re-arms it. Under this. */
    abstract void arm(int fd, boolean fresh) throws ErrnoException;

    /** Removes {@code fd} from the kernel's set; an fd closed meanwhile is already gone. Under this. */
    abstract void disarm(int fd);

    /** The poller thread's body: wait, unpark, forever. */
    abstract void waitAndDispatch() throws ErrnoException;

    private void loop() {
        for (;;) {
            try {
                waitAndDispatch();
            } catch (Throwable t) {
                LOG.error("jselect poller: wait failed", t); // keep serving: waiters time out or retry
                LockSupport.parkNanos(10_000_000);
            }
        }
    }

    /** Linux: an epoll instance; each registration carries its fd in the event's data. */
    static final class EpollPoller extends Poller {
        private static final int CTL_ADD = Constants.EPOLL_CTL_ADD;
        private static final int CTL_MOD = Constants.EPOLL_CTL_MOD;
        private static final int CTL_DEL = Constants.EPOLL_CTL_DEL;
        private static final int ENOENT = Constants.ENOENT;
        private static final int EEXIST = Constants.EEXIST;
        private static final int MAX_EVENTS = 512;
        private static final StructLayout EVENT = (StructLayout) Platform.abi().layout("epoll_event");
        private static final long EVENTS = EVENT.byteOffset(MemoryLayout.PathElement.groupElement("events"));
        private static final long DATA = EVENT.byteOffset(MemoryLayout.PathElement.groupElement("data"));

        private final int epfd;
        private final int interest;
        private final MemorySegment ctlEvent = Arena.global().allocate(EVENT); // under this
        private final MemorySegment events = Arena.global().allocate(EVENT.byteSize() * MAX_EVENTS, 8); // poller thread only

        EpollPoller(boolean read) throws ErrnoException {
            epfd = WaitCalls.epollCreate1(Constants.EPOLL_CLOEXEC);
            int oneShot = Constants.EPOLLONESHOT;
            interest = oneShot | (read
                    ? Constants.EPOLLIN | Constants.EPOLLPRI | Constants.EPOLLRDHUP
                    : Constants.EPOLLOUT);
        }

        @Override
        void arm(int fd, boolean fresh) throws ErrnoException {
            ctlEvent.set(ValueLayout.JAVA_INT_UNALIGNED, EVENTS, interest);
            ctlEvent.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA, fd);
            try {
                WaitCalls.epollCtl(epfd, fresh ? CTL_ADD : CTL_MOD, fd, ctlEvent);
            } catch (ErrnoException e) {
                // a number closed and reused behind our back: the kernel dropped or still holds the old file
                if (fresh && e.errno() == EEXIST) {
                    WaitCalls.epollCtl(epfd, CTL_MOD, fd, ctlEvent);
                } else if (!fresh && e.errno() == ENOENT) {
                    WaitCalls.epollCtl(epfd, CTL_ADD, fd, ctlEvent);
                } else {
                    throw e;
                }
            }
        }

        @Override
        void disarm(int fd) {
            try {
                WaitCalls.epollCtl(epfd, CTL_DEL, fd, MemorySegment.NULL);
            } catch (ErrnoException e) {
                // ENOENT/EBADF: closed meanwhile, and the kernel dropped it with its last reference
            }
        }

        @Override
        void waitAndDispatch() throws ErrnoException {
            int n = WaitCalls.epollWait(epfd, events, MAX_EVENTS, -1);
            for (int i = 0; i < n; i++) {
                ready((int) events.get(ValueLayout.JAVA_LONG_UNALIGNED, i * EVENT.byteSize() + DATA));
            }
        }
    }

    /**
     * Elsewhere: poll(2) over the armed fds plus a wakeup fd, rebuilt when the set changed. An fd
     * that fired is disarmed until re-armed, which gives epoll's one-shot behaviour.
     */
    static final class PollPoller extends Poller {
        private static final StructLayout POLLFD = (StructLayout) Platform.abi().layout("pollfd");
        private static final long FD = POLLFD.byteOffset(MemoryLayout.PathElement.groupElement("fd"));
        private static final long EVENTS = POLLFD.byteOffset(MemoryLayout.PathElement.groupElement("events"));
        private static final long REVENTS = POLLFD.byteOffset(MemoryLayout.PathElement.groupElement("revents"));

        private final short interest;
        private final Wakeup wakeup = Wakeup.open();
        private final java.util.Set<Integer> armed = new java.util.LinkedHashSet<>(); // under this
        private MemorySegment array = MemorySegment.NULL; // poller thread only

        PollPoller(boolean read) throws ErrnoException {
            interest = (short) (read ? Constants.POLLIN | Constants.POLLPRI : Constants.POLLOUT);
        }

        @Override
        void arm(int fd, boolean fresh) throws ErrnoException {
            if (armed.add(fd)) {
                wakeup.signal();
            }
        }

        @Override
        void disarm(int fd) {
            armed.remove(fd); // the poller thread's next rebuild drops it; a stale wakeup is harmless
        }

        @Override
        void waitAndDispatch() throws ErrnoException {
            int count;
            synchronized (this) {
                count = armed.size() + 1;
                if (array.byteSize() < count * POLLFD.byteSize()) {
                    array = Arena.ofAuto().allocate(POLLFD.byteSize() * Math.max(count, 64), 8);
                }
                put(0, wakeup.fd(), Constants.POLLIN);
                int i = 1;
                for (int fd : armed) {
                    put(i++, fd, interest);
                }
            }
            int n = WaitCalls.poll(array, count, -1);
            for (int i = 0; n > 0 && i < count; i++) {
                long at = i * POLLFD.byteSize();
                if (array.get(ValueLayout.JAVA_SHORT, at + REVENTS) != 0) {
                    n--;
                    int fd = array.get(ValueLayout.JAVA_INT, at + FD);
                    if (i == 0) {
                        wakeup.drain();
                    } else {
                        synchronized (this) { // with the unpark, so that a waiter arming now is either woken or re-added
                            armed.remove(fd);
                            ready(fd);
                        }
                    }
                }
            }
        }

        private void put(int i, int fd, int events) {
            long at = i * POLLFD.byteSize();
            array.set(ValueLayout.JAVA_INT, at + FD, fd);
            array.set(ValueLayout.JAVA_SHORT, at + EVENTS, (short) events);
            array.set(ValueLayout.JAVA_SHORT, at + REVENTS, (short) 0);
        }
    }
}
