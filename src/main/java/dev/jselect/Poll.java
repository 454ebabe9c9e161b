package dev.jselect;

import dev.jselect.internal.Errno;
import dev.jselect.internal.Fds;
import dev.jselect.internal.Platform;
import dev.jselect.internal.Syscalls;
import dev.jselect.internal.Timeouts;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Python's {@code select.poll()} object: a set of registered fds, each with an event mask, waited
 * on with poll(2). Made by {@link Select#poll()}.
 *
 * <p>Registrations live in insertion order (registering an fd again changes its mask, not its
 * place), and the native pollfd array is rebuilt from them only on the first {@code poll} after a
 * change, so a steady-state wait allocates no native memory.
 *
 * <p>Thread-safety: register, modify and unregister may be called from any thread, also while
 * another thread is inside {@code poll}; that wait goes on with the fds it started with. Only one
 * thread may be inside {@code poll} at a time: a second one gets an
 * {@link IllegalStateException} (Python's {@code RuntimeError: concurrent poll() invocation}).
 */
public final class Poll {
    private static final Logger LOG = LoggerFactory.getLogger(Poll.class);
    private static final int DEFAULT_EVENTS = Select.POLLIN | Select.POLLPRI | Select.POLLOUT;

    private final Map<Integer, Integer> registrations = new LinkedHashMap<>(); // guarded by this
    private boolean arrayUpToDate = true; // guarded by this; CPython's ufd_uptodate
    private boolean polling;              // guarded by this; CPython's poll_running
    final PollFdArray array = new PollFdArray(); // only touched by the thread that set polling; package-private for tests

    Poll() {
        Platform.abi(); // no bindings, no poll: fail here, as Python has no select.poll there
    }

    /** Python's {@code poll.register(fd)}: waits for POLLIN, POLLPRI and POLLOUT. */
    public void register(int fd) {
        register(fd, DEFAULT_EVENTS);
    }

    /**
     * Python's {@code poll.register(fd, eventmask)}. Registering a registered fd again replaces
     * its mask. The fd is not checked against the kernel: a closed one is reported as POLLNVAL.
     *
     * @throws IllegalArgumentException for a negative fd or a mask outside 0..65535 (an unsigned short)
     */
    public void register(int fd, int eventmask) {
        Fds.check(fd);
        checkMask(eventmask);
        synchronized (this) {
            registrations.put(fd, eventmask);
            arrayUpToDate = false;
        }
        log("register", fd, eventmask);
    }

    /** Python's {@code poll.register(fileobj)}. */
    public void register(HasFileno fileobj) {
        register(Fds.of(fileobj));
    }

    /** Python's {@code poll.register(fileobj, eventmask)}. */
    public void register(HasFileno fileobj, int eventmask) {
        register(Fds.of(fileobj), eventmask);
    }

    /**
     * Python's {@code poll.modify(fd, eventmask)}.
     *
     * @throws ErrnoException ENOENT when {@code fd} is not registered, as in Python
     * @throws IllegalArgumentException for a negative fd or a mask outside 0..65535
     */
    public void modify(int fd, int eventmask) throws IOException {
        Fds.check(fd);
        checkMask(eventmask);
        synchronized (this) {
            if (!registrations.containsKey(fd)) {
                throw new ErrnoException(Errno.ENOENT, "poll.modify of unregistered fd " + fd);
            }
            registrations.put(fd, eventmask);
            arrayUpToDate = false;
        }
        log("modify", fd, eventmask);
    }

    /** Python's {@code poll.modify(fileobj, eventmask)}. */
    public void modify(HasFileno fileobj, int eventmask) throws IOException {
        modify(Fds.of(fileobj), eventmask);
    }

    /**
     * Python's {@code poll.unregister(fd)}.
     *
     * @throws NoSuchElementException when {@code fd} is not registered (Python's KeyError)
     */
    public void unregister(int fd) {
        Fds.check(fd);
        synchronized (this) {
            if (registrations.remove(fd) == null) {
                throw new NoSuchElementException(String.valueOf(fd));
            }
            arrayUpToDate = false;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("poll: unregister fd {}", fd);
        }
    }

    /** Python's {@code poll.unregister(fileobj)}. */
    public void unregister(HasFileno fileobj) {
        unregister(Fds.of(fileobj));
    }

    /** Python's {@code poll.poll()}: blocks until a registered fd is ready. */
    public List<PollFd> poll() throws IOException {
        return pollMillis(-1);
    }

    /**
     * Python's {@code poll.poll(timeout)}: waits up to {@code timeoutMillis} ms (negative blocks)
     * and returns the fds whose revents is not zero, in registration order. Interrupted waits
     * (EINTR) resume with the time that is left.
     *
     * @throws IllegalArgumentException when the timeout does not fit a C int (Python's OverflowError)
     * @throws IllegalStateException when another thread is inside poll on this object
     */
    public List<PollFd> poll(long timeoutMillis) throws IOException {
        return pollMillis(Timeouts.pollMillis(timeoutMillis));
    }

    /**
     * Python's {@code poll.poll(timeout)} with the timeout as a Duration, rounded away from zero
     * to whole milliseconds; {@code null} or negative blocks.
     */
    public List<PollFd> poll(Duration timeout) throws IOException {
        return pollMillis(Timeouts.pollMillis(timeout));
    }

    private List<PollFd> pollMillis(int timeoutMillis) throws ErrnoException {
        beginWait();
        try {
            int ready = Syscalls.poll(array.segment(), array.size(), timeoutMillis);
            return array.ready(ready);
        } finally {
            endWait();
        }
    }

    /**
     * Claims {@link #array} for this thread's wait, refreshing it from the registrations if they
     * changed. Every wait is {@code beginWait(); try { poll(2), read the array } finally { endWait(); }}.
     */
    private synchronized void beginWait() {
        if (polling) {
            throw new IllegalStateException("concurrent poll() invocation");
        }
        if (!arrayUpToDate) {
            array.fill(registrations);
            arrayUpToDate = true;
        }
        polling = true;
    }

    private synchronized void endWait() {
        polling = false;
    }

    private static void checkMask(int eventmask) {
        if (eventmask < 0 || eventmask > 0xFFFF) {
            throw new IllegalArgumentException("eventmask must fit an unsigned short (0..65535): " + eventmask);
        }
    }

    private static void log(String op, int fd, int eventmask) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("poll: {} fd {} for {}", op, fd, Select.pollEventNames(eventmask));
        }
    }
}
