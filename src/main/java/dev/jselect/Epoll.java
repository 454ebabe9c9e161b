package dev.jselect;

import dev.jselect.internal.Fds;
import dev.jselect.internal.Unclosed;
import dev.jselect.internal.wait.EpollKernel;
import dev.jselect.internal.wait.ReadyResults;
import dev.jselect.internal.wait.ReadySink;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code select.epoll} object: an epoll instance (its fd is close-on-exec) with
 * register/modify/unregister (epoll_ctl) and poll (epoll_wait). Event flags such as EPOLLET,
 * EPOLLONESHOT, EPOLLEXCLUSIVE, EPOLLRDHUP and EPOLLWAKEUP are passed to the kernel as given.
 *
 * <p>Native memory: the object owns one event buffer (in an arena it owns) that epoll_wait fills
 * and the result is read from. It starts with room for {@code FD_SETSIZE - 1} events (1023,
 * what Python's {@code poll()} asks for by default) and grows whenever a wait fills it, so a
 * steady-state wait allocates no native memory. {@link #close()} frees it with the fd.
 *
 * <p>Zero-allocation waits, beyond Python: {@link #pollReady(double)} with {@link #readyFd(int)}
 * and {@link #readyEvents(int)}, or {@link #poll(double, EventHandler)} with a callback.
 *
 * <p>Wakeup, beyond Python: {@link #wakeup()}, as Java NIO's {@code Selector.wakeup}. It uses an
 * eventfd opened with the object and registered in it with an epoll_data no caller registration
 * can carry, so it never appears in a result. Its fd number is none of the caller's: register,
 * modify and unregister of it fail with EBADF, as for a closed fd.
 *
 * <p>Thread-safety: every method may be called from any thread. Concurrent {@code poll}s are
 * allowed, as in Python (each wait but the first has a buffer of its own). {@code close()} marks
 * the object closed at once (every later call is an {@link IllegalStateException}) and wakes
 * every waiting thread, which returns normally; the fd is closed and the buffer freed when the
 * last thread has left, so the fd number cannot be reused under a wait. An Epoll that becomes
 * unreachable unclosed is closed, with a WARN log line naming it.
 *
 * <p>An epoll loop, as Python's {@code select.epoll()}:
 * <pre>{@code
 * try (Epoll ep = Select.epoll()) {
 *     ep.register(server.fileno(), Select.EPOLLIN);
 *     for (EpollEvent ev : ep.poll(Duration.ofSeconds(1))) {
 *         if ((ev.events() & Select.EPOLLIN) != 0) {
 *             handleReadable(ev.fd());
 *         }
 *     }
 * }
 * }</pre>
 */
public final class Epoll implements HasFileno, AutoCloseable {
    private static final int DEFAULT_EVENTS = Select.EPOLLIN | Select.EPOLLPRI | Select.EPOLLOUT;
    private static final ReadySink<ArrayList<EpollEvent>> INTO_LIST = ReadySink.intoList(EpollEvent::new);
    private static final ReadySink<EventHandler> TO_HANDLER = EventHandler::onEvent;

    final EpollKernel kernel; // package-private for tests
    private final ReadyResults results = new ReadyResults();
    private final Unclosed unclosed;

    private Epoll(EpollKernel kernel) {
        this.kernel = kernel;
        unclosed = Unclosed.warnAndClose(this, "epoll object (fd " + kernel.fileno() + ")", kernel.core()::close);
    }

    /**
     * Python's {@code select.epoll()}.
     *
     * @return a new epoll object
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static Epoll open() throws IOException {
        return open(-1, 0);
    }

    /**
     * Python's {@code select.epoll(sizehint, flags)}. {@code sizehint} is -1 or positive and
     * otherwise unused; {@code flags} is 0 or EPOLL_CLOEXEC, and the fd is close-on-exec either way.
     *
     * @param sizehint -1 or positive; otherwise unused
     * @param flags 0 or {@link Select#EPOLL_CLOEXEC}
     * @return a new epoll object
     * @throws UnsupportedOperationException off Linux, naming the alternatives (poll, select)
     * @throws IllegalArgumentException for a sizehint of 0 or below -1
     * @throws ErrnoException EINVAL for other flags (Python's {@code OSError("invalid flags")}),
     *     or what epoll_create1(2) reports (EMFILE, ...)
     */
    public static Epoll open(int sizehint, int flags) throws IOException {
        return new Epoll(EpollKernel.open(sizehint, flags));
    }

    /**
     * Python's {@code select.epoll.fromfd(fd)}: an Epoll for an existing epoll fd, which it then
     * owns: {@link #close()} closes it. The object's wakeup is registered in it at once, so a
     * closed fd or one that is no epoll instance fails here (EBADF, EINVAL), and stays the caller's.
     *
     * @param fd an open epoll fd
     * @return an epoll object that owns {@code fd}
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static Epoll fromFd(int fd) throws IOException {
        return new Epoll(EpollKernel.adopt(fd));
    }

    /**
     * Python's {@code epoll.register(fd)}: waits for EPOLLIN, EPOLLPRI and EPOLLOUT.
     *
     * @param fd a file descriptor
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void register(int fd) throws IOException {
        register(fd, DEFAULT_EVENTS);
    }

    /**
     * Python's {@code epoll.register(fd, eventmask)} (EPOLL_CTL_ADD).
     *
     * @param fd a file descriptor
     * @param eventmask the events to wait for, an OR of {@code Select.EPOLL*} constants and flags
     * @throws ErrnoException EEXIST when already registered, EBADF for a closed fd, EPERM for
     *     a file epoll cannot watch (a regular file, /dev/null)
     * @throws IllegalArgumentException for a negative fd
     * @throws IllegalStateException after close
     */
    public void register(int fd, int eventmask) throws IOException {
        kernel.ctl(EpollKernel.ADD, fd, eventmask);
    }

    /**
     * Python's {@code epoll.register(fileobj)}.
     *
     * @param fileobj an {@code Integer} fd or an object with {@code fileno()}
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void register(HasFileno fileobj) throws IOException {
        register(Fds.of(fileobj));
    }

    /**
     * Python's {@code epoll.register(fileobj, eventmask)}.
     *
     * @param fileobj an {@code Integer} fd or an object with {@code fileno()}
     * @param eventmask the events to wait for, an OR of {@code Select.EPOLL*} constants and flags
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void register(HasFileno fileobj, int eventmask) throws IOException {
        register(Fds.of(fileobj), eventmask);
    }

    /**
     * Python's {@code epoll.modify(fd, eventmask)} (EPOLL_CTL_MOD); re-arms an EPOLLONESHOT fd.
     *
     * @param fd a file descriptor
     * @param eventmask the events to wait for, an OR of {@code Select.EPOLL*} constants and flags
     * @throws ErrnoException ENOENT when not registered, EBADF for a closed fd
     */
    public void modify(int fd, int eventmask) throws IOException {
        kernel.ctl(EpollKernel.MODIFY, fd, eventmask);
    }

    /**
     * Python's {@code epoll.modify(fileobj, eventmask)}.
     *
     * @param fileobj an {@code Integer} fd or an object with {@code fileno()}
     * @param eventmask the events to wait for, an OR of {@code Select.EPOLL*} constants and flags
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void modify(HasFileno fileobj, int eventmask) throws IOException {
        modify(Fds.of(fileobj), eventmask);
    }

    /**
     * Python's {@code epoll.unregister(fd)} (EPOLL_CTL_DEL).
     *
     * @param fd a file descriptor
     * @throws ErrnoException ENOENT when not registered, EBADF for a closed fd (the kernel has
     *     already forgotten it: unregister before closing)
     */
    public void unregister(int fd) throws IOException {
        kernel.ctl(EpollKernel.UNREGISTER, fd, 0);
    }

    /**
     * Python's {@code epoll.unregister(fileobj)}.
     *
     * @param fileobj an {@code Integer} fd or an object with {@code fileno()}
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void unregister(HasFileno fileobj) throws IOException {
        unregister(Fds.of(fileobj));
    }

    /**
     * Python's {@code epoll.poll()}: blocks until a registered fd is ready; returns every ready fd.
     *
     * @return the ready fds and their events; empty on timeout
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public List<EpollEvent> poll() throws IOException {
        return poll(-1, -1);
    }

    /**
     * Python's {@code epoll.poll(timeout)}: see {@link #poll(double, int)}, with maxevents -1.
     *
     * @param timeoutSeconds seconds to wait; negative waits without limit
     * @return the ready fds and their events; empty on timeout
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public List<EpollEvent> poll(double timeoutSeconds) throws IOException {
        return poll(timeoutSeconds, -1);
    }

    /**
     * Python's {@code epoll.poll(timeout, maxevents)}: waits up to {@code timeoutSeconds} and
     * returns up to {@code maxevents} ready fds with their events. The timeout is rounded up to
     * whole milliseconds (so 1e-9 waits 1 ms instead of spinning), and a negative result blocks.
     * {@code maxevents} -1 returns as many as the object's buffer holds: at first
     * {@code FD_SETSIZE - 1} (1023), Python's default, and more after a wait that filled it; a
     * larger {@code maxevents} grows it up to twice its size, or beyond waits in a buffer of its
     * own (at most 65536 events), as CPython's. Ready fds that do not fit come with the next calls.
     * Interrupted waits (EINTR) resume with the time that is left.
     *
     * @param timeoutSeconds seconds to wait; negative waits without limit
     * @param maxevents the most events returned; -1 for the default
     * @return the ready fds and their events; empty on timeout
     * @throws IllegalArgumentException for a NaN timeout or one that does not fit epoll_wait's
     *     int milliseconds (Python's OverflowError), or maxevents 0 or below -1
     * @throws IllegalStateException after close
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public List<EpollEvent> poll(double timeoutSeconds, int maxevents) throws IOException {
        return kernel.list(kernel.millis(timeoutSeconds), maxevents, INTO_LIST);
    }

    /**
     * {@link #poll(Duration, int)} with maxevents -1.
     *
     * @param timeout how long to wait; {@code null} or negative waits without limit
     * @return the ready fds and their events; empty on timeout
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public List<EpollEvent> poll(@Nullable Duration timeout) throws IOException {
        return poll(timeout, -1);
    }

    /**
     * {@link #poll(double, int)} with the timeout as a Duration, exact to the nanosecond and
     * rounded up to epoll_wait's milliseconds once; {@code null} or a negative timeout blocks,
     * as Python's {@code timeout=None} or {@code -1}.
     *
     * @param timeout how long to wait; {@code null} or negative waits without limit
     * @param maxevents the most events returned; -1 for the default
     * @return the ready fds and their events; empty on timeout
     * @throws IllegalArgumentException for a timeout that does not fit epoll_wait's int
     *     milliseconds, or maxevents 0 or below -1
     * @throws IllegalStateException after close
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public List<EpollEvent> poll(@Nullable Duration timeout, int maxevents) throws IOException {
        return kernel.list(kernel.millis(timeout), maxevents, INTO_LIST);
    }

    /**
     * {@link #pollReady(double, int)} with maxevents -1.
     *
     * @param timeoutSeconds seconds to wait; negative waits without limit
     * @return how many fds are ready; 0 on timeout
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int pollReady(double timeoutSeconds) throws IOException {
        return pollReady(timeoutSeconds, -1);
    }

    /**
     * Zero-allocation {@code epoll.poll(timeout, maxevents)}: waits as {@link #poll(double, int)}
     * does and returns the number of ready fds, which this object keeps for the calling thread
     * until its next {@code pollReady}: read them on this thread with {@link #readyFd(int)} and
     * {@link #readyEvents(int)}, indexes {@code 0 .. count-1}. Waits of other threads, concurrent
     * or later, have results of their own. No Java object is allocated in steady state.
     *
     * @param timeoutSeconds seconds to wait; negative waits without limit
     * @param maxevents the most events returned; -1 for the default
     * @return how many fds are ready; 0 on timeout
     * @throws IllegalStateException after close
     * @throws IllegalArgumentException for the arguments {@link #poll(double, int)} refuses
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int pollReady(double timeoutSeconds, int maxevents) throws IOException {
        return kernel.wait(kernel.millis(timeoutSeconds), maxevents, results.reset(), ReadyResults.SINK);
    }

    /**
     * The fd of the {@code i}-th ready event of this thread's last {@link #pollReady}.
     *
     * @param i the index of the ready event, from 0
     * @return its fd
     * @throws IndexOutOfBoundsException unless {@code 0 <= i < } that wait's count
     */
    public int readyFd(int i) {
        return results.forReading().fd(i);
    }

    /**
     * The events (EPOLLIN, ...) of the {@code i}-th ready event of this thread's last {@link #pollReady}; as {@link #readyFd(int)}.
     *
     * @param i the index of the ready event, from 0
     * @return its events
     */
    public int readyEvents(int i) {
        return results.forReading().events(i);
    }

    /**
     * Zero-allocation {@code epoll.poll(timeout)}: waits as {@link #poll(double)} does, then calls
     * {@code handler.onEvent(fd, events)} for each ready fd, on this thread, and returns their
     * number. No Java object is allocated in steady state (build the handler once).
     *
     * @param timeoutSeconds seconds to wait; negative waits without limit
     * @param handler called with each ready fd and its events
     * @return how many fds were ready; 0 on timeout
     * @throws IllegalStateException after close
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int poll(double timeoutSeconds, EventHandler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        return kernel.wait(kernel.millis(timeoutSeconds), -1, handler, TO_HANDLER);
    }

    /**
     * {@link #poll(double, EventHandler)} with the timeout as a Duration, exact to the
     * nanosecond and rounded up to epoll_wait's milliseconds once; {@code null} blocks. For
     * callers that keep time in nanoseconds (the selectors), so no timeout passes through seconds.
     *
     * @param timeout how long to wait; {@code null} or negative waits without limit
     * @param handler called with each ready fd and its events
     * @return how many fds were ready; 0 on timeout
     * @throws IllegalStateException after close
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int poll(@Nullable Duration timeout, EventHandler handler) throws IOException {
        return poll(timeout, -1, handler);
    }

    /**
     * {@link #poll(Duration, EventHandler)} with the {@code maxevents} of {@link #poll(double, int)}:
     * Python's {@code EpollSelector} passes its number of keys, to have every ready one at once.
     *
     * @param timeout how long to wait; {@code null} or negative waits without limit
     * @param maxevents the most events handed over; -1 for the default
     * @param handler called with each ready fd and its events
     * @return how many fds were ready; 0 on timeout
     * @throws IllegalArgumentException for the arguments {@link #poll(Duration, int)} refuses
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int poll(@Nullable Duration timeout, int maxevents, EventHandler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        return kernel.wait(kernel.millis(timeout), maxevents, handler, TO_HANDLER);
    }

    /**
     * Wakes a thread waiting in this object ({@code poll}, {@code pollReady}): it returns early
     * with what is ready, possibly nothing. With no wait in progress, the next one returns at
     * once. Repeated calls before a wait sees the wakeup count as one. Java NIO's
     * {@code Selector.wakeup()}; Python's epoll has none. Does nothing once closed.
     *
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void wakeup() throws IOException {
        kernel.core().wakeup();
    }

    /** Python's {@code epoll.fileno()}. */
    @Override
    public int fileno() {
        return kernel.fileno();
    }

    /**
     * Python's {@code epoll.closed}.
     *
     * @return whether {@code close()} has run
     */
    public boolean isClosed() {
        return kernel.core().isClosed();
    }

    /**
     * Python's {@code epoll.close()}: closes the epoll fd and frees the event buffer. Threads
     * waiting in this object are woken and return normally (usually with nothing); the fd and
     * buffer are released when the last of them has left (see the class comment). Later calls
     * do nothing; like Python's, it does not report a failing close(2). It opens no fd, so it
     * wakes the waiters even when the process has none left (EMFILE).
     */
    @Override
    public void close() {
        unclosed.close(); // core.close(), once
    }
}
