package dev.jselect.selectors;

import dev.jselect.Epoll;
import dev.jselect.ErrnoException;
import dev.jselect.EventHandler;
import dev.jselect.HasFileno;
import dev.jselect.Select;
import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Python's {@code selectors.EpollSelector}, on an epoll instance. Each wait asks for as many
 * events as there are registrations, so every ready key comes back at once (beyond 65536 at
 * once, the rest may come with the next select).
 *
 * <p>Stale registrations. epoll watches open files, not fd numbers: closing a registered fd
 * removes its registration only when that was the last reference to the file. When
 * {@code unregister} finds the number already closed (EBADF) or naming another file (ENOENT),
 * the old file may live on (a dup, a child process) and stay in the interest list under that
 * number, and Python's EpollSelector then reports its events for whatever is registered with
 * the number next. This one never does: registering such a number again first moves every
 * registration the old instance still holds (checked with the kernel, for the very file it was
 * registered with) to a new epoll instance and closes the old one, so {@link #fileno()}
 * changes then (and a select in progress, or else the next one, returns early, possibly with
 * nothing). Unregistering
 * before closing, as asyncio does, never costs that.
 */
public final class EpollSelector extends PollLikeSelector implements HasFileno {
    /** Replaced (under the selector's lock) only to drop stale registrations; a holder the cleaner can close. */
    private final AtomicReference<Epoll> epoll = new AtomicReference<>();
    /** Numbers unregistered after they were closed or reused: the old file may still be watched under them. */
    private final BitSet stale = new BitSet(); // guarded by this

    /**
     * Python {@code selectors.EpollSelector()}.
     *
     * @throws IOException when epoll_create1 fails (EMFILE, ENOMEM)
     */
    public EpollSelector() throws IOException {
        super(Select.EPOLLIN, Select.EPOLLOUT);
        epoll.set(Epoll.open());
        AtomicReference<Epoll> current = epoll;
        closeKernelWith(() -> Objects.requireNonNull(current.get()).close());
    }

    /** The epoll instance in use: set by the constructor, replaced but never cleared. */
    private Epoll inUse() {
        return Objects.requireNonNull(epoll.get());
    }

    /**
     * Python {@code EpollSelector.fileno()}: the epoll fd; IllegalStateException after close. It
     * changes when stale registrations are dropped (see the class comment).
     */
    @Override
    public int fileno() {
        return inUse().fileno();
    }

    @Override
    void addToKernel(int fd, int events) throws IOException {
        if (stale.get(fd)) {
            dropStaleRegistrations();
        }
        inUse().register(fd, toKernel(events));
    }

    @Override
    void modifyInKernel(int fd, int events) throws IOException {
        inUse().modify(fd, toKernel(events));
    }

    @Override
    void removeFromKernel(int fd) throws IOException {
        try {
            inUse().unregister(fd);
        } catch (ErrnoException e) {
            stale.set(fd);
            throw e;
        }
    }

    /**
     * Moves to a new epoll instance every registration that the old one still holds. The check
     * is epoll_ctl(MOD) on the old instance with the key's events: the kernel finds a
     * registration by file and number, so it fails (EBADF, ENOENT) for a key whose fd was closed
     * without unregister, whether or not the number now names another file, which then is not
     * watched for that key. Closing the old instance wakes a wait in progress on it; the new one
     * starts woken, so that a wakeup() the old one had not yet delivered is not lost.
     */
    private void dropStaleRegistrations() throws IOException {
        Epoll old = inUse();
        Epoll fresh = Epoll.open();
        try {
            for (SelectorKey key : keys()) {
                int mask = toKernel(key.events());
                try {
                    old.modify(key.fd(), mask); // still held, for this very file?
                } catch (ErrnoException closedWithoutUnregister) {
                    continue; // nothing to watch under this number until it is unregistered
                }
                fresh.register(key.fd(), mask);
            }
            fresh.wakeup();
        } catch (IOException | RuntimeException | Error e) {
            fresh.close();
            throw e;
        }
        epoll.set(fresh);
        stale.clear();
        old.close();
    }

    /**
     * The one place this selector blocks. epoll_wait(2) counts int milliseconds: rounded up, as
     * Python does, to wait at least the time asked; beyond an int, Epoll throws
     * IllegalArgumentException. As Python's, it asks for as many events as there are keys (and
     * one for the wakeup), handed over straight from the event buffer (the zero-allocation wait).
     * Reports of an instance replaced during the wait are dropped ({@link #stillCurrent}): they
     * may be stale.
     */
    @Override
    Object waitForEvents(long timeoutNanos, EventHandler reports) throws IOException {
        Duration timeout = timeoutNanos == BLOCK ? null : Duration.ofNanos(timeoutNanos);
        Epoll waitedOn = inUse();
        try {
            waitedOn.poll(timeout, registeredCount() + 1, reports);
        } catch (IllegalStateException closed) {
            if (waitedOn == epoll.get()) {
                throw closed;
            } // else replaced (and closed) before the wait began
        }
        return waitedOn;
    }

    /** Under the selector's lock, which a replacement of the instance also holds. */
    @Override
    boolean stillCurrent(Object waitedOn) {
        return waitedOn == epoll.get();
    }

    @Override
    void wakeKernel() throws IOException {
        inUse().wakeup();
    }
}
