package dev.jselect.internal.wait;

import dev.jselect.internal.OwnedFd;

import dev.jselect.ErrnoException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every waiting object (Epoll, Poll, the selectors) shares: its wakeup channel, made with
 * the object, and its one close-after-the-last-user lifetime ({@link OwnedFd}).
 *
 * <p>Every call that uses the object's fds is {@code int fd = core.enter(); try { ... } finally
 * { core.leave(); }}. {@link #close()} marks the object closed at once, wakes every thread
 * inside a wait, and leaves the closing of the fds (and the freeing of the owner's native
 * memory, {@code afterClose}) to the last call out, so no number can be reused under a wait.
 * Closing needs no new fd: the wakeup exists from the start, so a close at EMFILE still wakes.
 */
public final class Waitable {
    private static final Logger LOG = LoggerFactory.getLogger(Waitable.class);

    /** What an owner must do to its kernel object before a close signals: make every waiter, not one, see the wakeup. */
    @FunctionalInterface
    public interface WakeEveryWaiter {
        void prepare(int fd, Wakeup wakeup) throws ErrnoException;
    }

    private final OwnedFd handle;
    private final Wakeup wakeup;
    private final @Nullable WakeEveryWaiter wakeEveryWaiter;

    private Waitable(Wakeup wakeup, OwnedFd handle, @Nullable WakeEveryWaiter wakeEveryWaiter) {
        this.wakeup = wakeup;
        this.handle = handle;
        this.wakeEveryWaiter = wakeEveryWaiter;
    }

    /**
     * The core of an object whose kernel object is {@code fd} (an epoll instance), which it then
     * owns: {@code register} puts the new wakeup into it; closing closes {@code fd}, then the
     * wakeup, then runs {@code afterClose}. On failure nothing is left open but {@code fd}.
     */
    public static Waitable around(int fd, String kind, Registrar register, WakeEveryWaiter wakeEveryWaiter,
            Runnable afterClose) throws ErrnoException {
        Wakeup w = Wakeup.open();
        try {
            register.register(fd, w);
        } catch (ErrnoException | RuntimeException e) {
            w.closeFds();
            throw e;
        }
        return new Waitable(w, new OwnedFd(fd, kind, true, () -> {
            w.closeFds();
            afterClose.run();
        }), wakeEveryWaiter);
    }

    /** How {@link #around} puts the wakeup into the kernel object. */
    @FunctionalInterface
    public interface Registrar {
        void register(int fd, Wakeup wakeup) throws ErrnoException;
    }

    /**
     * The core of an object with no kernel object of its own (poll, select): the wakeup's fd is
     * what {@link #enter()} returns, and a level-triggered wakeup already wakes every waiter.
     */
    public static Waitable standalone(String kind, Runnable afterClose) throws ErrnoException {
        Wakeup w = Wakeup.open();
        return new Waitable(w, new OwnedFd(w.fd(), kind, false, () -> {
            w.closeFds();
            afterClose.run();
        }), null);
    }

    /** Begins a call: the object's fd. Pair with {@link #leave()} in a finally block. */
    public int enter() {
        return handle.acquire();
    }

    /** Ends a call begun by {@link #enter()}; the last one out after a close closes the fds. */
    public void leave() {
        handle.release();
    }

    /** The wakeup channel: valid between {@link #enter()} and {@link #leave()}. */
    public Wakeup channel() {
        return wakeup;
    }

    public boolean isClosed() {
        return handle.isClosed();
    }

    /** The object's fd (the epoll fd), or -1 once closed. */
    public int fileno() {
        return handle.fileno();
    }

    /** Signals the wakeup unless the object is closed. */
    public void wakeup() throws ErrnoException {
        try {
            handle.acquire();
        } catch (IllegalStateException closed) {
            return;
        }
        try {
            wakeup.signal();
        } finally {
            handle.release();
        }
    }

    /**
     * Marks the object closed; wakes every thread inside it, which return normally; the fds
     * close when the last call leaves. Idempotent; errors are logged, never thrown (Python's
     * close reports none).
     */
    public void close() {
        int fd;
        try {
            fd = handle.acquire(); // a call of our own keeps the fds open while we wake the others
        } catch (IllegalStateException alreadyClosed) {
            return;
        }
        try {
            handle.close(); // only marks it closed: our call is in flight
            if (handle.callsInFlight() > 1) {
                if (wakeEveryWaiter != null) {
                    wakeEveryWaiter.prepare(fd, wakeup);
                }
                wakeup.signalAlways();
            }
        } catch (ErrnoException | RuntimeException e) {
            LOG.warn("close: waking the waiting threads failed", e);
        } finally {
            handle.release(); // the last call out closes
        }
    }

    /** The number of calls inside the object (tests). */
    public int callsInFlight() {
        return handle.callsInFlight();
    }
}
