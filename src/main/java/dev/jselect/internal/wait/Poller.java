package dev.jselect.internal.wait;

import dev.jselect.internal.Deadline;
import dev.jselect.internal.OwnedFd;
import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.SignalInterrupt;

import dev.jselect.internal.sys.Platform;

import dev.jselect.internal.sys.ErrnoNames;

import dev.jselect.ErrnoException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where parked virtual threads learn that their fd is ready: the JDK's {@code sun.nio.ch.Poller}
 * in small. There is a poller per kind of wait ({@link #of}: reading, writing, urgent data, any
 * combination of them, or hangups only), so a wait is never woken by something it did not ask
 * for; a thread {@link #register registers} an fd, parks, and is unparked by the poller when the
 * fd becomes ready ({@link #park} does the three for one fd or many: every virtual-thread wait of
 * {@link Waits} goes through it). Registrations are one-shot and every waiter {@link #deregister deregisters}
 * when it resumes, whatever the reason (ready, timed out, interrupted, closed), so no fd stays
 * armed after the call that waited ({@link EpollPoller} says why a fired entry may stay, disarmed).
 * An fd a poller cannot take is waited for by {@link PlatformWait}.
 *
 * <p>On Linux the pollers are virtual threads, as the JDK's own are: each looks at its epoll
 * instance without blocking, unparks the threads whose fds are ready, yields, and looks again;
 * when nothing is ready it parks until a third, platform-thread poller (the master) sees its
 * epoll fd become readable. Under load a poller never blocks, and its unparks land in its own
 * carrier's queue, so a ready fd costs no thread hand-off; only an idle poller costs the master's
 * wakeup. Elsewhere, with {@code -Djselect.poller=poll}, or where epoll_create1 is refused (a
 * seccomp filter: ENOSYS, EPERM), each poller is a daemon platform thread in poll(2). Pollers
 * start on first use, under a lock; one that cannot start fails that call with an
 * {@link ErrnoException}, and the next call tries again.
 *
 * <p>Several pollers, not one, because epoll takes an fd once per instance and a socket often has
 * a reader and a writer waiting at the same time. Several waiters on one fd and kind share
 * the registration; readiness unparks them all and each retries its operation (a wakeup is only
 * a hint: the retry loop tolerates spurious ones, so a stale event for a reused fd number is
 * harmless). The pollers' own fds are private: no caller's number can reach them.
 */
public abstract sealed class Poller permits EpollPoller, PollPoller {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
    private static final int POLLIN = Constants.POLLIN;
    private static final int POLLOUT = Constants.POLLOUT;
    private static final boolean EPOLL = Platform.hasEpoll() && !"poll".equals(System.getProperty("jselect.poller"));

    // A wait's mask as a poller's code: one bit per condition a poller can watch.
    private static final int IN = 1;
    private static final int PRI = 2;
    private static final int OUT = 4;
    private static final int RDHUP = 8;

    /** The started pollers by code (see {@link #code}); a slot is written once, under START. */
    private static final AtomicReferenceArray<Poller> POLLERS = new AtomicReferenceArray<>(16);
    private static final Object START = new Object();
    private static @Nullable Poller master;          // under START: the epoll form's platform thread, once started
    private static boolean epollRefused;   // under START: epoll_create1 was refused, so every poller is the poll form

    /** Waiters per fd: a Thread, or a List of them. Guarded by this. */
    private final Map<Integer, Object> waiters = new HashMap<>();

    /** The poller for reading (POLLIN), started on first use. */
    public static Poller forRead() throws ErrnoException {
        return of(POLLIN);
    }

    /** The poller for writing (POLLOUT), started on first use. */
    public static Poller forWrite() throws ErrnoException {
        return of(POLLOUT);
    }

    /**
     * The poller that watches exactly what a poll(2) mask {@code events} asks for (and errors and
     * hangups, as the kernel always reports them): one per combination of POLLIN, POLLPRI, POLLOUT
     * and POLLRDHUP, so a wait is woken by nothing it did not ask for; mask 0 waits for errors
     * and hangups only. Started on first use; a poller that cannot start throws, and the next
     * call tries again.
     */
    public static Poller of(int events) throws ErrnoException {
        int code = code(events);
        Poller p = POLLERS.get(code);
        return p != null ? p : start(code);
    }

    private static int code(int events) {
        int c = 0;
        if ((events & (POLLIN | Constants.POLLRDNORM | Constants.POLLRDBAND)) != 0) {
            c |= IN;
        }
        if ((events & Constants.POLLPRI) != 0) {
            c |= PRI;
        }
        if ((events & (POLLOUT | Constants.POLLWRNORM | Constants.POLLWRBAND)) != 0) {
            c |= OUT;
        }
        if (Constants.POLLRDHUP != 0 && (events & Constants.POLLRDHUP) != 0) {
            c |= RDHUP;
        }
        return c;
    }

    /** The poll(2) events (the same values as epoll's on Linux) that a poller of {@code code} watches. */
    static int pollEvents(int code) {
        return ((code & IN) != 0 ? POLLIN : 0) | ((code & PRI) != 0 ? Constants.POLLPRI : 0)
                | ((code & OUT) != 0 ? POLLOUT : 0) | ((code & RDHUP) != 0 ? Constants.POLLRDHUP : 0);
    }

    private static String name(int code) {
        return switch (code) {
            case IN -> "jselect-read-poller";
            case OUT -> "jselect-write-poller";
            default -> "jselect-poller-" + Integer.toHexString(pollEvents(code));
        };
    }

    private static Poller start(int code) throws ErrnoException {
        synchronized (START) {
            Poller p = POLLERS.get(code);
            if (p != null) {
                return p;
            }
            if (EPOLL && !epollRefused) {
                try {
                    p = startEpoll(code);
                } catch (ErrnoException e) {
                    if (!ErrnoNames.isRefusal(e.errno())) {
                        throw e; // EMFILE, ENOMEM...: this call fails, the next one tries again
                    }
                    epollRefused = true;
                    LOG.warn("jselect: epoll refused ({}); virtual threads wait through poll(2) pollers", e.getMessage());
                }
            }
            if (p == null) {
                p = new PollPoller(pollEvents(code));
                Thread.ofPlatform().daemon().name(name(code)).start(p::loop);
            }
            POLLERS.set(code, p);
            return p;
        }
    }

    /** An epoll form poller under the master, which is started first. Under START. */
    private static Poller startEpoll(int code) throws ErrnoException {
        if (master == null) {
            Poller m = new EpollPoller(POLLIN);
            Thread.ofPlatform().daemon().name("jselect-master-poller").start(m::loop);
            master = m;
        }
        Poller m = master;
        Poller p = new EpollPoller(pollEvents(code));
        Thread.ofVirtual().name(name(code)).start(() -> p.subLoop(m));
        return p;
    }

    /** The callers' fds registered right now (0 once every waiting call has returned); for tests. */
    public static int registrations() {
        int n = 0;
        for (int i = 0; i < POLLERS.length(); i++) {
            Poller p = POLLERS.get(i);
            n += p == null ? 0 : p.size();
        }
        return n;
    }

    /** The started pollers' epoll fds, for tests; empty in the poll(2) form or before first use. */
    public static int[] epollFds() {
        int[] fds = new int[POLLERS.length()];
        int n = 0;
        for (int i = 0; i < POLLERS.length(); i++) {
            if (POLLERS.get(i) instanceof EpollPoller e) {
                fds[n++] = e.fd();
            }
        }
        return Arrays.copyOf(fds, n);
    }

    /**
     * Unparks every thread waiting on {@code fd} in any poller, leaving their registrations to
     * them: what a socket's close() calls so that a parked reader or writer sees the close.
     */
    public static void wakeAll(int fd) {
        for (int i = 0; i < POLLERS.length(); i++) {
            Poller p = POLLERS.get(i);
            if (p != null) {
                p.unparkWaiters(fd);
            }
        }
    }

    /**
     * {@code fd} is being closed (or was just closed): every poller drops its waiters on it and
     * deletes its entry (while the number is still open, the kernel takes it out of the set), and
     * unparks them, so they see the close.
     */
    public static void closing(int fd) {
        for (int i = 0; i < POLLERS.length(); i++) {
            Poller p = POLLERS.get(i);
            if (p != null) {
                p.dropWaiters(fd);
            }
        }
    }

    /**
     * The one way a virtual thread waits for fds to become ready ("register, park, deregister"):
     * registers the current thread for each (fd, poll(2) events) pair of
     * {@code watched[0..count)} with the poller of exactly those events ({@link #of}), parks once
     * until one of them is ready, {@code deadline} passes ({@link Deadline#NONE}: no limit), or
     * the thread is interrupted, and deregisters them all. It does not park when {@code owner}
     * (null for none) is already closed: its close's {@link #wakeAll} may have run before the
     * registration. If a poller cannot take one of the fds, the whole set waits on a platform
     * thread instead ({@link PlatformWait}). The end is a hint: the caller looks again.
     *
     * @throws InterruptedIOException when the thread was interrupted (its status stays set)
     */
    static void park(int[] watched, int count, long deadline, @Nullable OwnedFd owner) throws ErrnoException, InterruptedIOException {
        int registered = 0;
        boolean unwatchable = false;
        try {
            for (; registered < count; registered += 2) {
                if (!of(watched[registered + 1]).register(watched[registered])) {
                    unwatchable = true;
                    break;
                }
            }
            if (!unwatchable && owner != null && owner.isClosed()) {
                return; // the caller sees the close
            }
            if (!unwatchable) {
                parkUntil(deadline);
            }
        } finally {
            for (int i = 0; i < registered; i += 2) {
                of(watched[i + 1]).deregister(watched[i]);
            }
        }
        if (unwatchable) {
            PlatformWait.await(watched, count, deadline);
            return;
        }
        throwIfInterrupted();
    }

    /** Parks the current thread until unparked, interrupted, or {@code deadline} ({@link Deadline#NONE}: none). */
    static void parkUntil(long deadline) {
        if (deadline == Deadline.NONE) {
            LockSupport.park();
        } else {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(left);
            }
        }
    }

    /** The exception a parked wait ends with when its virtual thread was interrupted; the status stays set. */
    static void throwIfInterrupted() throws InterruptedIOException {
        SignalInterrupt.raiseIfPending(); // a signal handler's exception for this thread, which it unparked
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while waiting for I/O");
        }
    }

    /**
     * Registers the current thread as waiting for {@code fd}; it must then park, and
     * {@link #deregister} in a finally block. Returns false (nothing registered) for an fd this
     * poller cannot watch: the kernel refused to add it (EPERM for a regular file, ELOOP for an
     * epoll instance nested too deep, ENOSPC past max_user_watches, a closed fd, ...). The
     * caller then waits another way ({@link PlatformWait}), never in a loop on this poller.
     */
    public final boolean register(int fd) {
        Thread me = Thread.currentThread();
        synchronized (this) {
            try {
                arm(fd); // also when others wait: the one-shot event may have fired for them already
            } catch (ErrnoException e) {
                return false;
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

    private void dropWaiters(int fd) {
        Object w;
        synchronized (this) {
            w = waiters.remove(fd);
            if (w != null) {
                disarm(fd);
            }
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

    private static void unpark(@Nullable Object w) {
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
    final void loop() {
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

    private void parkUntilReadable(int fd) throws ErrnoException, InterruptedIOException {
        if (!register(fd)) { // epoll_ctl refused: wait on a platform thread, never loop unwatched
            PlatformWait.await(new int[] {fd, POLLIN}, 2, Deadline.NONE);
            return;
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
