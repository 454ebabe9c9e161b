package dev.jselect.selectors;

import dev.jselect.ErrnoException;
import dev.jselect.HasFileno;
import dev.jselect.internal.Fds;
import dev.jselect.internal.wait.SingleWaiter;
import dev.jselect.internal.Timeouts;
import dev.jselect.internal.Unclosed;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Python's {@code selectors.BaseSelector} with the bookkeeping of {@code _BaseSelectorImpl}:
 * file objects (an {@code Integer} fd or a {@link HasFileno}) registered for
 * {@link Selectors#EVENT_READ}/{@link Selectors#EVENT_WRITE}, kept in one map keyed by fd.
 * Subclasses only tell the kernel (or their fd sets) what changed and wait.
 *
 * <p>Thread-safety: register, modify, unregister, getKey, wakeup and close may be called from
 * any thread, also while another thread is inside {@code select} (each takes the selector's lock
 * for its bookkeeping, never across a wait); a wait goes on with what the kernel was told when
 * it began (epoll also sees later registrations; {@link #wakeup()} makes any selector start
 * over), and its reports are matched against the registrations as they are when it returns,
 * so a key unregistered meanwhile is never returned. Only one thread may be inside
 * {@code select} at a time: a second gets {@link IllegalStateException}, as
 * {@code select.poll} raises {@code RuntimeError: concurrent poll() invocation} (Python's
 * selectors leave this unchecked). The {@link #getMap()} view is safe for lookups from any
 * thread; iterate it only while no other thread changes the registrations.
 *
 * <p>A selector that becomes unreachable unclosed is closed, with a WARN log line naming it
 * (Python's ResourceWarning).
 */
public abstract sealed class BaseSelector implements AutoCloseable permits SelectSelector, PollLikeSelector {
    private static final Logger LOG = LoggerFactory.getLogger(BaseSelector.class);
    private static final int ALL_EVENTS = Selectors.EVENT_READ | Selectors.EVENT_WRITE;
    /** select() without a timeout. */
    static final long BLOCK = -1;

    private final Map<Integer, SelectorKey> fdToKey = new HashMap<>(); // guarded by this
    private final SelectorMapping map = new SelectorMapping(this, fdToKey);
    private volatile boolean closed; // written under this; wakeup() reads it without the lock
    private final SingleWaiter selecting = new SingleWaiter("select()");
    @SuppressWarnings("NullAway.Init") // set by closeKernelWith, which every implementation's constructor calls
    private Unclosed unclosed;

    BaseSelector() {}

    // ---- what each implementation does with the kernel ----

    /** Starts watching {@code fd} for {@code events}; on failure nothing is left registered. */
    abstract void addToKernel(int fd, int events) throws IOException;

    /** Changes the events watched on a registered {@code fd}. */
    abstract void modifyInKernel(int fd, int events) throws IOException;

    /** Stops watching {@code fd}; fails harmlessly when the fd was closed meanwhile. */
    abstract void removeFromKernel(int fd) throws IOException;

    /**
     * Waits up to {@code timeoutNanos} ({@link #BLOCK}: no limit, 0: poll) and maps what is ready
     * to keys. Called without the lock, by one thread at a time.
     */
    abstract List<SelectedKey> selectReady(long timeoutNanos) throws IOException;

    /** Makes a wait in progress return, or the next one return at once. */
    abstract void wakeKernel() throws IOException;

    /**
     * Called once by each implementation's constructor: {@code closeKernel} releases its kernel
     * objects, waking a wait in progress; it runs once, from {@link #close()} or once the
     * selector is unreachable, so it must not refer to the selector.
     */
    final void closeKernelWith(Runnable closeKernel) {
        unclosed = Unclosed.warnAndClose(this,
                getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this)), closeKernel);
    }

    // ---- Python's BaseSelector ----

    /**
     * Python {@code register(fileobj, events)}, with no data attached.
     *
     * @param fileobj an {@code Integer} fd or an object with {@code fileno()}
     * @param events the events to wait for, an OR of {@code EVENT_READ} and {@code EVENT_WRITE}
     * @return the new key
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public final SelectorKey register(Object fileobj, int events) throws IOException {
        return register(fileobj, events, null);
    }

    /**
     * Python {@code register(fileobj, events, data)}.
     *
     * @param fileobj an {@code Integer} fd or an object with {@code fileno()}
     * @param events the events to wait for, an OR of {@code EVENT_READ} and {@code EVENT_WRITE}
     * @param data any object to keep in the key, or {@code null}
     * @return the new key
     * @throws IllegalArgumentException when {@code events} is not a non-empty subset of
     *         EVENT_READ|EVENT_WRITE, {@code fileobj} is neither an fd nor a {@link HasFileno},
     *         the fd is negative, or the fd is already registered (through any object)
     * @throws ErrnoException when the fd is not open or the kernel refuses it
     * @throws IllegalStateException after {@link #close()}
     */
    public final synchronized SelectorKey register(Object fileobj, int events, @Nullable Object data) throws IOException {
        ensureOpen();
        checkEvents(events);
        int fd = fileobjLookup(fileobj);
        if (fdToKey.containsKey(fd)) {
            throw new IllegalArgumentException(fileobj + " (FD " + fd + ") is already registered");
        }
        addToKernel(fd, events);
        SelectorKey key = new SelectorKey(fileobj, fd, events, data);
        fdToKey.put(fd, key);
        LOG.debug("register fd {} events {}", fd, events);
        return key;
    }

    /**
     * Python {@code unregister(fileobj)}. Works after the fd was closed, and after its number
     * was reused for another file: the kernel's refusal then is ignored, as in Python.
     *
     * @param fileobj an {@code Integer} fd or an object with {@code fileno()}
     * @return the key it had
     * @throws NoSuchElementException when {@code fileobj} is not registered
     * @throws IllegalStateException after {@link #close()}
     */
    public final synchronized SelectorKey unregister(Object fileobj) {
        ensureOpen();
        SelectorKey key = fdToKey.remove(fileobjLookup(fileobj));
        if (key == null) {
            throw notRegistered(fileobj);
        }
        forget(key.fd());
        LOG.debug("unregister fd {}", key.fd());
        return key;
    }

    /**
     * Python {@code modify(fileobj, events)}: new events, no data.
     *
     * @param fileobj an {@code Integer} fd or an object with {@code fileno()}
     * @param events the events to wait for, an OR of {@code EVENT_READ} and {@code EVENT_WRITE}
     * @return the key, new where events or data changed
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public final SelectorKey modify(Object fileobj, int events) throws IOException {
        return modify(fileobj, events, null);
    }

    /**
     * Python {@code modify(fileobj, events, data)}. A change of data alone makes no system call.
     * When the kernel refuses new events the fd is unregistered and the error thrown, so a key
     * is never left half-registered.
     *
     * @param fileobj an {@code Integer} fd or an object with {@code fileno()}
     * @param events the events to wait for, an OR of {@code EVENT_READ} and {@code EVENT_WRITE}
     * @param data any object to keep in the key, or {@code null}
     * @return the key, new where events or data changed
     * @throws NoSuchElementException when {@code fileobj} is not registered
     * @throws IllegalArgumentException for events that {@link #register} would refuse
     * @throws ErrnoException when the kernel refuses the new events
     * @throws IllegalStateException after {@link #close()}
     */
    public final synchronized SelectorKey modify(Object fileobj, int events, @Nullable Object data) throws IOException {
        ensureOpen();
        int fd = fileobjLookup(fileobj);
        SelectorKey key = fdToKey.get(fd);
        if (key == null) {
            throw notRegistered(fileobj);
        }
        if (events != key.events()) {
            checkEvents(events);
            try {
                modifyInKernel(fd, events);
            } catch (IOException | RuntimeException e) {
                fdToKey.remove(fd);
                forget(fd);
                LOG.debug("modify fd {} failed, unregistered: {}", fd, e.toString());
                throw e;
            }
        } else if (Objects.equals(data, key.data())) {
            return key;
        }
        key = new SelectorKey(key.fileobj(), fd, events, data);
        fdToKey.put(fd, key);
        LOG.debug("modify fd {} events {}", fd, events);
        return key;
    }

    /**
     * Python {@code select()}: waits until a registered file object is ready. Read and write
     * readiness of one fd come back in one entry; a hang-up or error counts as both, limited
     * to the events registered.
     *
     * @return each ready key with its ready events; empty on timeout
     * @throws IllegalStateException after {@link #close()}, or while another thread is inside select
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public final List<SelectedKey> select() throws IOException {
        return selectNanos(BLOCK);
    }

    /**
     * Python {@code select(timeout)}: waits at most {@code timeoutSeconds}, rounded up to what
     * the kernel counts in; zero or negative only polls.
     *
     * @param timeoutSeconds seconds to wait; zero or negative only polls
     * @return each ready key with its ready events; empty on timeout
     * @throws IllegalArgumentException when the timeout is NaN or too large for the system call
     *         (Python's ValueError and OverflowError); poll and epoll count int milliseconds
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public final List<SelectedKey> select(double timeoutSeconds) throws IOException {
        if (timeoutSeconds <= 0) {
            return selectNanos(0);
        }
        return selectNanos(Timeouts.nanosFromSeconds(timeoutSeconds));
    }

    /**
     * Python {@code select(timeout)} with a {@link Duration}: null blocks, zero or negative polls.
     *
     * @param timeout how long to wait; {@code null} waits without limit, zero or negative only polls
     * @return each ready key with its ready events; empty on timeout
     * @throws IllegalArgumentException when the timeout is too large for the system call
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public final List<SelectedKey> select(@Nullable Duration timeout) throws IOException {
        if (timeout == null) {
            return selectNanos(BLOCK);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            return selectNanos(0);
        }
        try {
            return selectNanos(timeout.toNanos());
        } catch (ArithmeticException tooLong) {
            throw new IllegalArgumentException("timeout is too large: " + timeout, tooLong);
        }
    }

    private List<SelectedKey> selectNanos(long timeoutNanos) throws IOException {
        ensureOpen();
        selecting.enter();
        try {
            List<SelectedKey> ready = selectReady(timeoutNanos);
            return closed ? List.of() : ready; // closed by another thread meanwhile
        } catch (IllegalStateException e) {
            if (closed) {
                return List.of(); // closed by another thread before the wait began
            }
            throw e;
        } finally {
            selecting.exit();
        }
    }

    /**
     * Makes a {@code select()} in progress on another thread return early, with what is ready
     * (possibly nothing); with none in progress, the next {@code select()} returns at once.
     * Repeated calls before a select sees the wakeup count as one write(2). Java NIO's
     * {@code Selector.wakeup()}; Python's selectors have none. Does nothing once closed.
     *
     * @throws IOException when the wakeup's write(2) fails
     */
    public final void wakeup() throws IOException {
        if (!closed) {
            wakeKernel();
        }
    }

    /**
     * Python {@code get_key(fileobj)}.
     *
     * @param fileobj an {@code Integer} fd or an object with {@code fileno()}
     * @return its key
     * @throws NoSuchElementException when {@code fileobj} is not registered
     * @throws IllegalArgumentException when it is neither an fd nor a {@link HasFileno}
     * @throws IllegalStateException after {@link #close()}
     */
    public final synchronized SelectorKey getKey(Object fileobj) {
        ensureOpen();
        SelectorKey key = fdToKey.get(fileobjLookup(fileobj));
        if (key == null) {
            throw notRegistered(fileobj);
        }
        return key;
    }

    /**
     * Python {@code get_map()}: a live, read-only view of the registrations keyed by
     * {@code Integer} fd, in which {@code get} and {@code containsKey} also accept the registered
     * object or any {@link HasFileno}. Empty once the selector is closed.
     *
     * @return the registrations, fd to key
     */
    public final Map<Object, SelectorKey> getMap() {
        return map;
    }

    /**
     * Python {@code close()}: forgets every registration and releases the kernel object.
     * Idempotent; afterwards every call but {@link #getMap()} and {@link #wakeup()} throws
     * IllegalStateException. May be called from another thread: a {@code select()} in progress
     * is woken and returns an empty list, and the selector's fds are closed once it has left.
     */
    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        fdToKey.clear();
        LOG.debug("close {}", getClass().getSimpleName());
        unclosed.close(); // the implementation's closeKernel, once
    }

    // ---- for the implementations ----

    /**
     * Adds the key of {@code fd} to {@code ready} with {@code events} limited to those it was
     * registered for. An fd that is no longer registered (the kernel may still report one that
     * was closed and unregistered) is dropped, as Python's {@code _key_from_fd} returning None.
     * Under this selector's lock, which the caller takes once for all of a wait's reports.
     */
    final void addReady(List<SelectedKey> ready, int fd, int events) {
        SelectorKey key = fdToKey.get(fd);
        if (key != null && (events & key.events()) != 0) {
            ready.add(new SelectedKey(key, events & key.events()));
        }
    }

    final synchronized int registeredCount() {
        return fdToKey.size();
    }

    /** The current registrations. */
    final synchronized List<SelectorKey> keys() {
        return List.copyOf(fdToKey.values());
    }

    /**
     * Fails unless {@code fd} is an open descriptor: select(2) and poll(2) accept any number at
     * registration, and a closed fd would only surface later, in every select().
     */
    static void requireOpenFd(int fd) throws ErrnoException {
        Fds.requireOpen(fd, "fd " + fd + " cannot be registered");
    }

    /**
     * Python {@code _fileobj_lookup}: the fd of {@code fileobj}; when it no longer has a valid
     * one (a closed socket's fileno() is -1 or fails), the fd it was registered with.
     *
     * @throws IllegalArgumentException when it has no valid fd and is not registered
     */
    final synchronized int fileobjLookup(@Nullable Object fileobj) {
        try {
            return Fds.of(fileobj);
        } catch (RuntimeException invalid) {
            for (SelectorKey key : fdToKey.values()) {
                if (key.fileobj() == fileobj) {
                    return key.fd();
                }
            }
            throw invalid instanceof IllegalArgumentException e ? e
                    : new IllegalArgumentException("Invalid file object: " + fileobj, invalid);
        }
    }

    private static void checkEvents(int events) {
        if (events == 0 || (events & ~ALL_EVENTS) != 0) {
            throw new IllegalArgumentException("Invalid events: " + events + " (use EVENT_READ, EVENT_WRITE or both)");
        }
    }

    private void forget(int fd) {
        try {
            removeFromKernel(fd);
        } catch (IOException e) {
            // The fd was closed (or its number reused) since it was registered.
            LOG.debug("fd {} was already gone from the kernel: {}", fd, e.getMessage());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Selector is closed");
        }
    }

    private static NoSuchElementException notRegistered(Object fileobj) {
        return new NoSuchElementException(fileobj + " is not registered");
    }
}
