package dev.jselect;

import dev.jselect.internal.Fds;
import dev.jselect.internal.Timeouts;
import dev.jselect.internal.Unclosed;
import dev.jselect.internal.wait.PollKernel;
import dev.jselect.internal.wait.ReadyResults;
import dev.jselect.internal.wait.ReadySink;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code select.poll()} object: a set of registered fds, each with an event mask, waited
 * on with poll(2). Made by {@link Select#poll()}.
 *
 * <p>Registrations live in insertion order (registering an fd again changes its mask, not its
 * place), and the native pollfd array is rebuilt from them only on the first {@code poll} after a
 * change, so a steady-state wait allocates no native memory.
 *
 * <p>Zero-allocation waits, beyond Python: {@link #pollReady(long)} returns the number of ready
 * fds, read by index with {@link #readyFd(int)} and {@link #readyRevents(int)};
 * {@link #poll(long, EventHandler)} hands each to a callback. In steady state neither
 * allocates a Java object. The results belong to the thread that waited, until its next wait.
 *
 * <p>Wakeup and close, beyond Python: {@link #wakeup()} makes a wait in progress on another
 * thread return early (with what is ready, possibly nothing), or the next wait return at once,
 * as Java NIO's {@code Selector.wakeup}. It uses an eventfd (a pipe off Linux) opened with the
 * object, watched in an extra pollfd entry that never appears in a result. Its number is none
 * of the caller's: registered, it is reported as POLLNVAL, as a closed fd is. That
 * fd is closed by {@link #close()}, or once the object is unreachable (Python's poll objects
 * have no close). {@code close()} wakes a wait in progress, which returns normally, usually
 * with nothing; every later call is an {@link IllegalStateException}.
 *
 * <p>Thread-safety: register, modify, unregister, wakeup and close may be called from any
 * thread, also while another thread is inside {@code poll}; that wait goes on with the fds it
 * started with. Only one thread may be inside a wait at a time: a second one gets an
 * {@link IllegalStateException} (Python's {@code RuntimeError: concurrent poll() invocation}).
 *
 * <p>A poll loop, as Python's {@code select.poll()} (timeouts in milliseconds):
 * <pre>{@code
 * Poll p = Select.poll();
 * p.register(pipe.readFd(), Select.POLLIN);
 * for (PollFd ready : p.poll(500)) {
 *     byte[] data = Os.read(ready.fd(), 4096);
 * }
 * }</pre>
 */
public final class Poll implements AutoCloseable {
    private static final int DEFAULT_EVENTS = Select.POLLIN | Select.POLLPRI | Select.POLLOUT;
    private static final ReadySink<ArrayList<PollFd>> INTO_LIST = ReadySink.intoList(PollFd::new);
    private static final ReadySink<EventHandler> TO_HANDLER = EventHandler::onEvent;

    final PollKernel kernel; // package-private for tests
    private final ReadyResults results = new ReadyResults();
    private final Unclosed unclosed;

    /** @throws ErrnoException when the wakeup cannot be opened (EMFILE, ...) */
    Poll() throws ErrnoException {
        kernel = new PollKernel();
        unclosed = Unclosed.closeQuietly(this, kernel::close); // reaches the kernel, not this object
    }

    /**
     * Python's {@code poll.register(fd)}: waits for POLLIN, POLLPRI and POLLOUT.
     *
     * @param fd a file descriptor
     */
    public void register(int fd) {
        register(fd, DEFAULT_EVENTS);
    }

    /**
     * Python's {@code poll.register(fd, eventmask)}. Registering a registered fd again replaces
     * its mask. The fd is not checked against the kernel: a closed one is reported as POLLNVAL.
     *
     * @param fd a file descriptor
     * @param eventmask the events to wait for, an OR of {@code Select.POLL*} constants
     * @throws IllegalArgumentException for a negative fd or a mask outside 0..65535 (an unsigned short)
     */
    public void register(int fd, int eventmask) {
        kernel.register(fd, eventmask);
    }

    /**
     * Python's {@code poll.register(fileobj)}.
     *
     * @param fileobj an {@code Integer} fd or an object with {@code fileno()}
     */
    public void register(HasFileno fileobj) {
        register(Fds.of(fileobj));
    }

    /**
     * Python's {@code poll.register(fileobj, eventmask)}.
     *
     * @param fileobj an {@code Integer} fd or an object with {@code fileno()}
     * @param eventmask the events to wait for, an OR of {@code Select.POLL*} constants
     */
    public void register(HasFileno fileobj, int eventmask) {
        register(Fds.of(fileobj), eventmask);
    }

    /**
     * Python's {@code poll.modify(fd, eventmask)}.
     *
     * @param fd a file descriptor
     * @param eventmask the events to wait for, an OR of {@code Select.POLL*} constants
     * @throws ErrnoException ENOENT when {@code fd} is not registered, as in Python
     * @throws IllegalArgumentException for a negative fd or a mask outside 0..65535
     */
    public void modify(int fd, int eventmask) throws IOException {
        kernel.modify(fd, eventmask);
    }

    /**
     * Python's {@code poll.modify(fileobj, eventmask)}.
     *
     * @param fileobj an {@code Integer} fd or an object with {@code fileno()}
     * @param eventmask the events to wait for, an OR of {@code Select.POLL*} constants
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void modify(HasFileno fileobj, int eventmask) throws IOException {
        modify(Fds.of(fileobj), eventmask);
    }

    /**
     * Python's {@code poll.unregister(fd)}.
     *
     * @param fd a file descriptor
     * @throws NoSuchElementException when {@code fd} is not registered (Python's KeyError)
     */
    public void unregister(int fd) {
        kernel.unregister(fd);
    }

    /**
     * Python's {@code poll.unregister(fileobj)}.
     *
     * @param fileobj an {@code Integer} fd or an object with {@code fileno()}
     */
    public void unregister(HasFileno fileobj) {
        unregister(Fds.of(fileobj));
    }

    /**
     * Python's {@code poll.poll()}: blocks until a registered fd is ready.
     *
     * @return the ready fds and their returned events; empty on timeout
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public List<PollFd> poll() throws IOException {
        return kernel.list(-1, INTO_LIST);
    }

    /**
     * Python's {@code poll.poll(timeout)}: waits up to {@code timeoutMillis} ms (negative blocks)
     * and returns the fds whose revents is not zero, in registration order. Interrupted waits
     * (EINTR) resume with the time that is left.
     *
     * @param timeoutMillis milliseconds to wait; negative waits without limit
     * @return the ready fds and their returned events; empty on timeout
     * @throws IllegalArgumentException when the timeout does not fit a C int (Python's OverflowError)
     * @throws IllegalStateException when another thread is inside poll on this object
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public List<PollFd> poll(long timeoutMillis) throws IOException {
        return kernel.list(Timeouts.pollMillis(timeoutMillis), INTO_LIST);
    }

    /**
     * Python's {@code poll.poll(timeout)} with the timeout as a Duration, rounded away from zero
     * to whole milliseconds; {@code null} or negative blocks.
     *
     * @param timeout how long to wait; {@code null} or negative waits without limit
     * @return the ready fds and their returned events; empty on timeout
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public List<PollFd> poll(@Nullable Duration timeout) throws IOException {
        return kernel.list(Timeouts.pollMillis(timeout), INTO_LIST);
    }

    /**
     * Zero-allocation {@code poll.poll(timeout)}: waits as {@link #poll(long)} does and returns
     * the number of fds whose revents is not zero; read them with {@link #readyFd(int)} and
     * {@link #readyRevents(int)} on this thread, indexes {@code 0 .. count-1}, in registration
     * order, until this thread's next {@code pollReady}; another thread's wait never overwrites
     * them. No Java object is allocated in steady state.
     *
     * @param timeoutMillis milliseconds to wait; negative waits without limit
     * @return how many fds have events; 0 on timeout
     * @throws IllegalStateException after close, or when another thread is inside a wait on this object
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int pollReady(long timeoutMillis) throws IOException {
        return kernel.wait(Timeouts.pollMillis(timeoutMillis), results.reset(), ReadyResults.SINK);
    }

    /**
     * The fd of the {@code i}-th ready entry of this thread's last {@link #pollReady}.
     *
     * @param i the index of the ready entry, from 0
     * @return its fd
     * @throws IndexOutOfBoundsException unless {@code 0 <= i < } that wait's count
     */
    public int readyFd(int i) {
        return results.forReading().fd(i);
    }

    /**
     * The revents (POLLIN, ...) of the {@code i}-th ready entry of this thread's last {@link #pollReady}; as {@link #readyFd(int)}.
     *
     * @param i the index of the ready entry, from 0
     * @return its revents
     */
    public int readyRevents(int i) {
        return results.forReading().events(i);
    }

    /**
     * Zero-allocation {@code poll.poll(timeout)}: waits as {@link #poll(long)} does, then calls
     * {@code handler.onEvent(fd, revents)} for each ready fd, in registration order, on this
     * thread; returns their number. No Java object is allocated in steady state (build the
     * handler once). The handler may register, modify and unregister; those apply from the next wait.
     *
     * @param timeoutMillis milliseconds to wait; negative waits without limit
     * @param handler called with each ready fd and its events
     * @return how many fds were ready; 0 on timeout
     * @throws IllegalStateException after close, or when another thread is inside a wait on this object
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int poll(long timeoutMillis, EventHandler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        return kernel.wait(Timeouts.pollMillis(timeoutMillis), handler, TO_HANDLER);
    }

    /**
     * {@link #poll(long, EventHandler)} with the timeout as a Duration, rounded to poll's
     * milliseconds once as {@link #poll(Duration)} rounds it; {@code null} blocks. For callers
     * that keep time in nanoseconds (the selectors).
     *
     * @param timeout how long to wait; {@code null} or negative waits without limit
     * @param handler called with each ready fd and its events
     * @return how many fds were ready; 0 on timeout
     * @throws IllegalStateException after close, or when another thread is inside a wait on this object
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int poll(@Nullable Duration timeout, EventHandler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        return kernel.wait(Timeouts.pollMillis(timeout), handler, TO_HANDLER);
    }

    /**
     * Wakes the thread waiting in this object: it returns early with what is ready, possibly
     * nothing. With no wait in progress, the next one returns at once. Repeated calls before a
     * wait sees the wakeup count as one. Java NIO's {@code Selector.wakeup()}; Python's poll has
     * none. Does nothing once closed.
     *
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void wakeup() throws IOException {
        kernel.core().wakeup();
    }

    /**
     * Closes the wakeup fd (beyond Python, whose poll objects hold no fd). A thread waiting in
     * this object is woken and returns normally, usually with nothing; the fd is closed when it
     * has left. Every later call but close is an {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        unclosed.close(); // kernel.close(), once
    }
}
