package dev.jselect.internal;

import dev.jselect.ErrnoException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where parked virtual threads learn that their fd is ready: the JDK's {@code sun.nio.ch.Poller}
 * in small. There is a poller per direction (read, write); a thread {@link #register registers}
 * an fd, parks, and is unparked by the poller when the fd becomes ready. Registrations are
 * one-shot and every waiter {@link #deregister deregisters} when it resumes, whatever the reason
 * (ready, timed out, interrupted, closed), so no fd stays armed after the call that waited
 * ({@link EpollPoller} says why a fired entry may stay, disarmed).
 *
 * <p>On Linux the two pollers are virtual threads, as the JDK's own are: each looks at its epoll
 * instance without blocking, unparks the threads whose fds are ready, yields, and looks again;
 * when nothing is ready it parks until a third, platform-thread poller (the master) sees its
 * epoll fd become readable. Under load a poller never blocks, and its unparks land in its own
 * carrier's queue, so a ready fd costs no thread hand-off; only an idle poller costs the master's
 * wakeup. Elsewhere, or with {@code -Djselect.poller=poll}, each poller is a daemon platform
 * thread in poll(2).
 *
 * <p>Two pollers, not one, because epoll takes an fd once per instance and a socket often has
 * a reader and a writer waiting at the same time. Several waiters on one fd and direction share
 * the registration; readiness unparks them all and each retries its operation (a wakeup is only
 * a hint: the retry loop tolerates spurious ones, so a stale event for a reused fd number is
 * harmless). The pollers' own fds are private: no caller's number can reach them.
 */
public abstract sealed class Poller permits EpollPoller, PollPoller {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
    private static final int EPERM = Constants.EPERM;
    private static final int POLLOUT = Constants.POLLOUT;
    private static final boolean EPOLL = Platform.hasEpoll() && !"poll".equals(System.getProperty("jselect.poller"));

    /** Waiters per fd: a Thread, or a List of them. Guarded by this. */
    private final Map<Integer, Object> waiters = new HashMap<>();

    private static volatile Poller readPoller;  // set once started; read by registrations() and wakeAll()
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

    /** The callers' fds registered right now (0 once every waiting call has returned); for tests. */
    public static int registrations() {
        Poller r = readPoller;
        Poller w = writePoller;
        return (r == null ? 0 : r.size()) + (w == null ? 0 : w.size());
    }

    /** The read and write pollers' epoll fds, for tests; empty in the poll(2) form or before first use. */
    public static int[] epollFds() {
        Poller r = readPoller;
        Poller w = writePoller;
        return r instanceof EpollPoller && w instanceof EpollPoller ? new int[] {r.fd(), w.fd()} : new int[0];
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

    private static final class MasterHolder {
        static final Poller POLLER = start(new EpollPoller(true), Thread.ofPlatform().daemon(), "jselect-master-poller");
    }

    private static final class ReadHolder {
        static final Poller POLLER = readPoller = startFor(true);
    }

    private static final class WriteHolder {
        static final Poller POLLER = writePoller = startFor(false);
    }

    private static Poller startFor(boolean read) {
        String name = read ? "jselect-read-poller" : "jselect-write-poller";
        if (!EPOLL) {
            return start(new PollPoller(read), Thread.ofPlatform().daemon(), name);
        }
        Poller master = MasterHolder.POLLER;
        Poller p = new EpollPoller(read);
        Thread.ofVirtual().name(name).start(() -> p.subLoop(master));
        return p;
    }

    private static Poller start(Poller p, Thread.Builder builder, String name) {
        builder.name(name).start(p::loop);
        return p;
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
            try {
                arm(fd); // also when others wait: the one-shot event may have fired for them already
            } catch (ErrnoException e) {
                if (e.errno() == EPERM) {
                    return false;
                }
                throw e;
            }
            Object w = waiters.get(fd);
            if (w == null) {
                waiters.put(fd, me);
            } else if (w instanceof Thread t) {
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

    /**
     * Ends the current thread's wait on {@code fd}. After the poller dispatched the fd there is
     * nothing to do (its entry fired, so it is disarmed); otherwise the last waiter out deletes it.
     */
    public final void deregister(int fd) {
        Thread me = Thread.currentThread();
        synchronized (this) {
            Object w = waiters.get(fd);
            if (w == me) {
                waiters.remove(fd);
                disarm(fd);
            } else if (w instanceof List<?> list && list.remove(me) && list.size() == 1) {
                waiters.put(fd, list.get(0));
            }
        }
    }

    /** Called by the poller for each ready fd: its waiters leave the map, so none of them deletes the fired entry. */
    final void ready(int fd) {
        Object w;
        synchronized (this) {
            w = waiters.remove(fd);
        }
        unpark(w);
    }

    private void unparkWaiters(int fd) {
        Object w;
        synchronized (this) {
            w = waiters.get(fd);
            if (w instanceof List<?> list) {
                w = List.copyOf(list);
            }
        }
        unpark(w);
    }

    private static void unpark(Object w) {
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

    /** Arms {@code fd} one-shot in the kernel's set, adding it if it is not there. Under this. */
    abstract void arm(int fd) throws ErrnoException;

    /** Removes {@code fd} from the kernel's set; an fd closed meanwhile is already gone. Under this. */
    abstract void disarm(int fd);

    /** Waits up to {@code timeoutMillis} (-1: no limit) and calls {@link #ready} for each ready fd; returns their count. */
    abstract int waitAndDispatch(int timeoutMillis) throws ErrnoException;

    /** This poller's own fd, readable when it has events (epoll form only). */
    abstract int fd();

    /** A platform poller thread's body: wait, unpark, forever. */
    private void loop() {
        for (;;) {
            try {
                waitAndDispatch(-1);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    /**
     * A virtual poller thread's body, after the JDK's sub-pollers: look without blocking; after
     * events, yield so the threads just unparked run, then look again; after none, park until
     * the master sees this poller's epoll fd readable.
     */
    private void subLoop(Poller master) {
        int polled = 0;
        for (;;) {
            try {
                if (polled == 0) {
                    master.parkUntilReadable(fd());
                } else {
                    Thread.yield();
                }
                polled = waitAndDispatch(0);
            } catch (Throwable t) {
                polled = 0;
                failed(t);
            }
        }
    }

    private void parkUntilReadable(int fd) throws ErrnoException {
        if (!register(fd)) {
            return; // cannot happen for an epoll fd, which is always pollable; never park unwatched
        }
        try {
            LockSupport.park();
        } finally {
            deregister(fd);
        }
    }

    private static void failed(Throwable t) {
        LOG.error("jselect poller: wait failed", t); // keep serving: waiters time out or retry
        LockSupport.parkNanos(10_000_000);
    }
}
