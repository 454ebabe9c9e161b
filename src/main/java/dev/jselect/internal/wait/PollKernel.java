package dev.jselect.internal.wait;

import dev.jselect.ErrnoException;
import dev.jselect.internal.Fds;
import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.ErrnoNames;
import dev.jselect.internal.sys.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@code Poll} object does below its Python names: CPython's checks of register, modify
 * and unregister, the registrations and their pollfd array ({@link PollFdArray}), the wakeup and
 * close ({@link Waitable}), one waiting thread at a time ({@link SingleWaiter}, CPython's
 * {@code poll_running}), and the one wait frame of every form of {@code poll}.
 */
public final class PollKernel {
    private static final Logger LOG = LoggerFactory.getLogger("dev.jselect.Poll");

    private final SingleWaiter waiter = new SingleWaiter("poll()");
    private final Waitable core;
    private final PollFdArray array = new PollFdArray();

    /**
     * A new poll object's state, with its wakeup open.
     *
     * @throws UnsupportedOperationException where there are no bindings, as Python has no
     *     {@code select.poll} there
     * @throws ErrnoException when the wakeup cannot be opened (EMFILE, ...)
     */
    public PollKernel() throws ErrnoException {
        Platform.abi();
        core = Waitable.standalone("poll object", () -> {});
    }

    /** The wakeup and the object's lifetime; closing it wakes a wait in progress. */
    public Waitable core() {
        return core;
    }

    /** The registrations and their native array: for tests of when it is rebuilt. */
    public PollFdArray array() {
        return array;
    }

    /**
     * Python's {@code poll.register}: registers {@code fd}, or changes the mask of a registered one.
     *
     * @throws IllegalArgumentException for a negative fd or a mask outside 0..65535
     * @throws IllegalStateException once closed
     */
    public void register(int fd, int eventmask) {
        check(fd, eventmask);
        array.put(fd, eventmask);
        log("register", fd, eventmask);
    }

    /**
     * Python's {@code poll.modify}.
     *
     * @throws ErrnoException ENOENT when {@code fd} is not registered
     * @throws IllegalArgumentException for a negative fd or a mask outside 0..65535
     * @throws IllegalStateException once closed
     */
    public void modify(int fd, int eventmask) throws ErrnoException {
        check(fd, eventmask);
        if (!array.replace(fd, eventmask)) {
            throw ErrnoNames.exception(Constants.ENOENT, "poll.modify of unregistered fd " + fd);
        }
        log("modify", fd, eventmask);
    }

    /**
     * Python's {@code poll.unregister}.
     *
     * @throws NoSuchElementException when {@code fd} is not registered (Python's KeyError)
     * @throws IllegalArgumentException for a negative fd
     * @throws IllegalStateException once closed
     */
    public void unregister(int fd) {
        Fds.check(fd);
        requireOpen();
        if (!array.remove(fd)) {
            throw new NoSuchElementException(String.valueOf(fd));
        }
        LOG.debug("poll: unregister fd {}", fd);
    }

    /**
     * The one wait frame of every form of {@code poll} (list, {@code pollReady}, handler): one
     * thread at a time, the pollfd array brought up to date, poll(2), and each ready
     * registration's (fd, revents) handed to {@code sink} for {@code target}, in registration
     * order, on this thread. Returns their count.
     *
     * @throws IllegalStateException once closed, or while another thread is inside a wait
     */
    public <T> int wait(int timeoutMillis, T target, ReadySink<T> sink) throws IOException {
        core.enter();
        try {
            waiter.enter();
            try {
                array.refresh(core.channel().fd());
                int ready = array.waitIn(timeoutMillis, core.channel());
                sink.start(target, ready);
                for (int k = 0; k < ready; k++) {
                    int i = array.readyIndex(k);
                    sink.add(target, array.fd(i), array.revents(i));
                }
                return ready;
            } finally {
                waiter.exit();
            }
        } finally {
            core.leave();
        }
    }

    /**
     * The list form of {@link #wait}: a list that allocates, beyond its elements, only its array,
     * sized once to them ({@link ReadySink#intoList}).
     */
    public <E> List<E> list(int timeoutMillis, ReadySink<ArrayList<E>> sink) throws IOException {
        ArrayList<E> out = new ArrayList<>(0);
        wait(timeoutMillis, out, sink);
        return out;
    }

    /** Closes the wakeup once no wait uses it; a wait in progress is woken. Idempotent. */
    public void close() {
        core.close();
        LOG.debug("poll: close");
    }

    private void check(int fd, int eventmask) {
        Fds.check(fd);
        if (eventmask < 0 || eventmask > 0xFFFF) {
            throw new IllegalArgumentException("eventmask must fit an unsigned short (0..65535): " + eventmask);
        }
        requireOpen();
    }

    private void requireOpen() {
        if (core.isClosed()) {
            throw new IllegalStateException("I/O operation on closed poll object");
        }
    }

    private static void log(String op, int fd, int eventmask) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("poll: {} fd {} for events 0x{}", op, fd, Integer.toHexString(eventmask));
        }
    }
}
