package dev.jselect.selectors;

import dev.jselect.Epoll;
import dev.jselect.ErrnoException;
import dev.jselect.EventHandler;
import dev.jselect.HasFileno;
import dev.jselect.Select;
import java.io.IOException;
import java.util.BitSet;

/**
 * Python's {@code selectors.EpollSelector}, on an epoll instance. Each wait asks for as many
 * events as there are registrations, so there is no cap on how many come back at once.
 *
 * <p>Stale registrations. epoll watches open files, not fd numbers: closing a registered fd
 * removes its registration only when that was the last reference to the file. When
 * {@code unregister} finds the number already closed (EBADF) or naming another file (ENOENT),
 * the old file may live on (a dup, a child process) and stay in the interest list under that
 * number, and Python's EpollSelector then reports its events for whatever is registered with
 * the number next. This one never does: registering such a number again first moves every
 * current registration to a new epoll instance and closes the old one, so {@link #fileno()}
 * changes then (and a select in progress, or else the next one, returns early, possibly with
 * nothing). Unregistering
 * before closing, as asyncio does, never costs that.
 */
public final class EpollSelector extends PollLikeSelector implements HasFileno {
    private volatile Epoll epoll; // replaced (under the selector's lock) only to drop stale registrations
    /** Numbers unregistered after they were closed or reused: the old file may still be watched under them. */
    private final BitSet stale = new BitSet(); // guarded by this

    /**
     * Python {@code selectors.EpollSelector()}.
     *
     * @throws IOException when epoll_create1 fails (EMFILE, ENOMEM)
     */
    public EpollSelector() throws IOException {
        super(Select.EPOLLIN, Select.EPOLLOUT);
        epoll = Epoll.open();
    }

    /**
     * Python {@code EpollSelector.fileno()}: the epoll fd; IllegalStateException after close. It
     * changes when stale registrations are dropped (see the class comment).
     */
    @Override
    public int fileno() {
        return epoll.fileno();
    }

    @Override
    void addToKernel(int fd, int events) throws IOException {
        if (stale.get(fd)) {
            dropStaleRegistrations();
        }
        epoll.register(fd, toKernel(events));
    }

    @Override
    void modifyInKernel(int fd, int events) throws IOException {
        epoll.modify(fd, toKernel(events));
    }

    @Override
    void removeFromKernel(int fd) throws IOException {
        try {
            epoll.unregister(fd);
        } catch (ErrnoException e) {
            stale.set(fd);
            throw e;
        }
    }

    /**
     * Moves every registration to a new epoll instance. A fd closed without being unregistered
     * cannot move (EBADF) and is left out: the kernel would have forgotten it anyway, unless
     * another reference kept its file open. Closing the old instance wakes a wait in progress
     * on it; the new one starts woken, so that a wakeup() the old one had not yet delivered
     * is not lost.
     */
    private void dropStaleRegistrations() throws IOException {
        Epoll fresh = Epoll.open();
        try {
            for (SelectorKey key : keys()) {
                try {
                    fresh.register(key.fd(), toKernel(key.events()));
                } catch (ErrnoException closedWithoutUnregister) {
                    // nothing to watch under this number until it is unregistered
                }
            }
            fresh.wakeup();
        } catch (IOException | RuntimeException | Error e) {
            fresh.close();
            throw e;
        }
        Epoll old = epoll;
        epoll = fresh;
        stale.clear();
        old.close();
    }

    /**
     * The one place this selector blocks. epoll_wait(2) counts int milliseconds: rounded up, as
     * Python does, to wait at least the time asked; beyond an int, Epoll throws
     * IllegalArgumentException. It may return as many events as there are registrations, handed
     * over straight from the event buffer (the zero-allocation wait). Reports of an instance
     * replaced during the wait are dropped: they may be stale.
     */
    @Override
    void waitForEvents(long timeoutNanos, EventHandler reports) throws IOException {
        double seconds = timeoutNanos == BLOCK ? -1 : Math.ceilDiv(timeoutNanos, 1_000_000) / 1e3;
        Epoll waitedOn = epoll;
        try {
            waitedOn.poll(seconds, (fd, events) -> reportIfCurrent(waitedOn, fd, events, reports));
        } catch (IllegalStateException closed) {
            if (waitedOn == epoll) {
                throw closed;
            } // else replaced (and closed) before the wait began
        }
    }

    private synchronized void reportIfCurrent(Epoll waitedOn, int fd, int events, EventHandler reports) throws IOException {
        if (waitedOn == epoll) {
            reports.onEvent(fd, events);
        }
    }

    @Override
    void wakeKernel() throws IOException {
        epoll.wakeup();
    }

    @Override
    void closeKernel() {
        epoll.close();
    }
}
