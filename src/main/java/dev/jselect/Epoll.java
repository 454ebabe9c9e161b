package dev.jselect;

import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.ErrnoNames;
import dev.jselect.internal.wait.EpollEventArray;
import dev.jselect.internal.Fds;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.wait.ReadyResults;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.sys.WaitCalls;
import dev.jselect.internal.Timeouts;
import dev.jselect.internal.Unclosed;
import dev.jselect.internal.wait.Waitable;
import dev.jselect.internal.wait.Wakeup;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Python's {@code select.epoll} object: an epoll instance (its fd is close-on-exec) with
 * register/modify/unregister (epoll_ctl) and poll (epoll_wait). Event flags such as EPOLLET,
 * EPOLLONESHOT, EPOLLEXCLUSIVE, EPOLLRDHUP and EPOLLWAKEUP are passed to the kernel as given.
 *
 * <p>Native memory: the object owns one event buffer (in an arena it owns) that epoll_wait fills
 * and the result is read from; it grows only when more fds are registered than it holds, so a
 * steady-state wait allocates no native memory. {@link #close()} frees it with the fd.
 *
 * <p>Zero-allocation waits, beyond Python: {@link #pollReady(double)} returns the number of ready
 * fds and leaves them in the object's buffer, read by index with {@link #readyFd(int)} and
 * {@link #readyEvents(int)}; {@link #poll(double, EventHandler)} hands each to a callback. In
 * steady state neither allocates a Java object. The results belong to the thread that waited,
 * until its next wait: another thread's wait never overwrites them.
 *
 * <p>Wakeup, beyond Python: {@link #wakeup()} makes a wait in progress on another thread return
 * early (with what is ready, possibly nothing), or the next wait return at once, as Java NIO's
 * {@code Selector.wakeup}. It uses an eventfd opened with the object and registered in it
 * (EPOLLIN | EPOLLET) with an epoll_data no caller registration can carry; it never appears in
 * a result, and repeated wakeups cost one write(2) until a wait has seen it. Its fd number is
 * none of the caller's: register, modify and unregister of it fail with EBADF, as for a closed fd.
 *
 * <p>An Epoll that becomes unreachable unclosed is closed, with a WARN log line naming it
 * (Python's ResourceWarning).
 *
 * <p>Thread-safety: every method may be called from any thread. Concurrent {@code poll}s are
 * allowed, as in Python: the first uses the object's buffer, the others a buffer of their own
 * for that one wait. {@code close()} while other threads are inside a method marks the object
 * closed at once (every later call is an {@link IllegalStateException}) and wakes every thread
 * waiting in it: each returns normally with what was ready, usually nothing. The closing of the
 * fd and the freeing of the buffer are left to the last thread out, so the fd number cannot be
 * reused under a wait.
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
    private static final Logger LOG = LoggerFactory.getLogger(Epoll.class);
    private static final int DEFAULT_EVENTS = Select.EPOLLIN | Select.EPOLLPRI | Select.EPOLLOUT;
    private static final int CTL_ADD = Constants.EPOLL_CTL_ADD;
    private static final int CTL_MOD = Constants.EPOLL_CTL_MOD;
    private static final int CTL_DEL = Constants.EPOLL_CTL_DEL;
    /** Events the buffer holds from the start; also the least a {@code maxevents == -1} wait asks for. */
    static final int MIN_EVENTS = 64;

    final Waitable core;      // the epoll fd and the wakeup; package-private for tests, as is buffer
    final EpollEventArray buffer; // freed by core once the fd is closed and no call is in flight
    private final AtomicBoolean bufferTaken = new AtomicBoolean();
    private final ReadyResults results = new ReadyResults();
    private final Unclosed unclosed;
    /** The fds registered through this object, to size the buffer for {@code maxevents == -1}. */
    private final BitSet registered = new BitSet(); // guarded by itself
    private volatile int registeredCount;

    /** Owns {@code epfd} once made; on failure the caller still does. */
    private Epoll(int epfd) throws ErrnoException {
        EpollEventArray events = new EpollEventArray(MIN_EVENTS, true);
        try {
            core = Waitable.around(epfd, "epoll object", Epoll::registerWakeup, Epoll::wakeEveryWaiter,
                    events::close);
        } catch (ErrnoException | RuntimeException e) {
            events.close();
            throw e;
        }
        buffer = events;
        Waitable c = core; // the cleaning action must not reach this object
        unclosed = Unclosed.warnAndClose(this, "epoll object (fd " + epfd + ")", c::close);
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
        requireEpoll();
        if (sizehint != -1 && sizehint <= 0) {
            throw new IllegalArgumentException("negative sizehint: " + sizehint);
        }
        if (flags != 0 && flags != Select.EPOLL_CLOEXEC) {
            throw ErrnoNames.exception(Constants.EINVAL, "invalid flags " + flags);
        }
        int fd = WaitCalls.epollCreate1(Select.EPOLL_CLOEXEC);
        try {
            return adopt(fd);
        } catch (IOException | RuntimeException | Error e) {
            FdCalls.close(fd);
            throw e;
        }
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
        requireEpoll();
        Fds.check(fd);
        return adopt(fd);
    }

    /** Off Linux: {@link UnsupportedOperationException} naming the alternatives, poll and select. */
    private static void requireEpoll() {
        Platform.abi();
        if (!Platform.hasEpoll()) {
            throw Platform.noEpoll();
        }
    }

    private static Epoll adopt(int fd) throws ErrnoException {
        Epoll ep = new Epoll(fd);
        LOG.debug("epoll fd {}: open", fd);
        return ep;
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
        try {
            ctl(CTL_ADD, Fds.check(fd), eventmask);
            track(fd, true);
        } catch (ErrnoException e) {
            if (e.errno() == Constants.EEXIST) {
                track(fd, true);
            }
            throw e;
        }
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
        try {
            ctl(CTL_MOD, Fds.check(fd), eventmask);
        } catch (ErrnoException e) {
            forgetIfGone(fd, e);
            throw e;
        }
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
        try {
            ctl(CTL_DEL, Fds.check(fd), 0);
            track(fd, false);
        } catch (ErrnoException e) {
            forgetIfGone(fd, e);
            throw e;
        }
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
     * {@code maxevents} -1 returns as many as are registered (at least 64);
     * ready fds that do not fit are returned by the next calls. Interrupted waits (EINTR) resume
     * with the time that is left.
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
        int fd = core.enter();
        try {
            return eventList(fd, Timeouts.epollMillis(timeoutSeconds), maxevents);
        } finally {
            core.leave();
        }
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
        int fd = core.enter();
        try {
            return eventList(fd, Timeouts.epollMillis(timeout), maxevents);
        } finally {
            core.leave();
        }
    }

    private List<EpollEvent> eventList(int fd, int timeoutMillis, int maxevents) throws IOException {
        int n = eventsToAskFor(maxevents);
        EpollEventArray events = takeBuffer(n);
        try {
            int ready = waitInto(fd, events, n, timeoutMillis);
            List<EpollEvent> out = new ArrayList<>(ready);
            for (int i = 0; i < ready; i++) {
                out.add(new EpollEvent(events.fd(i), events.events(i)));
            }
            return out;
        } finally {
            giveBack(events);
        }
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
     * does and returns the number of ready fds, which stay in this object's buffer until its
     * thread's next {@code pollReady}: read them on this thread with {@link #readyFd(int)} and
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
        int fd = core.enter();
        try {
            int timeoutMillis = Timeouts.epollMillis(timeoutSeconds);
            int n = eventsToAskFor(maxevents);
            ReadyResults.Entries out = results.forWait(n);
            EpollEventArray events = takeBuffer(n);
            try {
                int ready = waitInto(fd, events, n, timeoutMillis);
                for (int i = 0; i < ready; i++) {
                    out.add(events.fd(i), events.events(i));
                }
                return ready;
            } finally {
                giveBack(events);
            }
        } finally {
            core.leave();
        }
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
        return pollInto(Timeouts.epollMillis(timeoutSeconds), handler);
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
        Objects.requireNonNull(handler, "handler");
        return pollInto(Timeouts.epollMillis(timeout), handler);
    }

    private int pollInto(int timeoutMillis, EventHandler handler) throws IOException {
        int fd = core.enter();
        try {
            int n = eventsToAskFor(-1);
            EpollEventArray events = takeBuffer(n);
            try {
                int ready = waitInto(fd, events, n, timeoutMillis);
                for (int i = 0; i < ready; i++) {
                    handler.onEvent(events.fd(i), events.events(i));
                }
                return ready;
            } finally {
                giveBack(events);
            }
        } finally {
            core.leave();
        }
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
        core.wakeup();
    }

    /** Python's {@code epoll.fileno()}. */
    @Override
    public int fileno() {
        int fd = core.fileno();
        if (fd < 0) {
            throw new IllegalStateException("I/O operation on closed epoll object");
        }
        return fd;
    }

    /**
     * Python's {@code epoll.closed}.
     *
     * @return whether {@code close()} has run
     */
    public boolean isClosed() {
        return core.isClosed();
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

    // ---- internals: the wait is "take a buffer, epoll_wait into it, read (count, fd/events by index)" ----

    /**
     * One epoll_wait into {@code events}, then every wakeup's event taken out (this object's,
     * or another's sharing the interest list after {@link #fromFd}): the count of the caller's
     * ready fds, at indexes 0 .. count-1. A signal not yet seen makes the wait return at once,
     * even if another object sharing the interest list took its edge.
     */
    private int waitInto(int fd, EpollEventArray events, int n, int timeoutMillis) throws IOException {
        Wakeup w = core.channel();
        int timeout = w.consume() ? 0 : timeoutMillis;
        int ready = events.waitIn(fd, n, timeout);
        for (int i = 0; i < ready; ) {
            long data = events.data(i);
            if (Wakeup.isWakeupData(data)) {
                if (data == w.epollData()) {
                    w.consume(); // edge-triggered: the event was the signal, nothing to read
                }
                events.move(--ready, i);
            } else {
                i++;
            }
        }
        return ready;
    }

    /** maxevents as passed to epoll_wait: never more than registrations (and the wakeup, or MIN_EVENTS) need. */
    private int eventsToAskFor(int maxevents) {
        if (maxevents == 0 || maxevents < -1) {
            throw new IllegalArgumentException("maxevents must be greater than 0, got " + maxevents);
        }
        int limit = Math.max(registeredCount + 1, MIN_EVENTS); // + the wakeup
        return maxevents == -1 ? limit : Math.min(maxevents, limit);
    }

    /** The object's own buffer, grown to {@code n} events, or, while another wait holds it, a temporary one. */
    private EpollEventArray takeBuffer(int n) {
        if (bufferTaken.compareAndSet(false, true)) {
            growTakenBuffer(n);
            return buffer;
        }
        return new EpollEventArray(n, false);
    }

    private void growTakenBuffer(int n) {
        try {
            buffer.ensureCapacity(n);
        } catch (RuntimeException | Error e) {
            bufferTaken.set(false);
            throw e;
        }
    }

    /** Puts the wakeup into the epoll instance {@code ep}, edge-triggered: a signal is one event, with nothing to read. */
    private static void registerWakeup(int ep, Wakeup w) throws ErrnoException {
        ctlRaw(ep, CTL_ADD, w.fd(), Select.EPOLLIN | Select.EPOLLET, w.epollData());
    }

    /** Before a close signals: level-triggered, so that every thread in epoll_wait returns, not just one. */
    private static void wakeEveryWaiter(int ep, Wakeup w) throws ErrnoException {
        ctlRaw(ep, CTL_MOD, w.fd(), Select.EPOLLIN, w.epollData());
    }

    private void giveBack(EpollEventArray events) {
        if (events == buffer) {
            bufferTaken.set(false);
        } else {
            events.close();
        }
    }

    private void ctl(int op, int fd, int eventmask) throws ErrnoException {
        if (Wakeup.isWakeupFd(fd)) { // a number the caller's file no longer has: closed, for them
            throw ErrnoNames.exception(Constants.EBADF, "epoll_ctl");
        }
        int ep = core.enter();
        try {
            ctlRaw(ep, op, fd, eventmask, fd & 0xFFFF_FFFFL);
            if (LOG.isDebugEnabled()) {
                if (op == CTL_DEL) {
                    LOG.debug("epoll fd {}: unregister fd {}", ep, fd);
                } else {
                    LOG.debug("epoll fd {}: {} fd {} for {}", ep, op == CTL_ADD ? "register" : "modify", fd,
                            Select.epollEventNames(eventmask));
                }
            }
        } finally {
            core.leave();
        }
    }

    /** epoll_ctl on {@code ep}, which the caller holds a call on; {@code data} is the epoll_data reported with the events. */
    private static void ctlRaw(int ep, int op, int fd, int eventmask, long data) throws ErrnoException {
        EpollEventArray.ctl(ep, op, fd, eventmask, data);
    }

    private void track(int fd, boolean isRegistered) {
        synchronized (registered) {
            registered.set(fd, isRegistered);
            registeredCount = registered.cardinality();
        }
    }

    /** ENOENT and EBADF mean the kernel has no registration for {@code fd} (any more). */
    private void forgetIfGone(int fd, ErrnoException e) {
        if (e.errno() == Constants.ENOENT || e.errno() == Constants.EBADF) {
            track(fd, false);
        }
    }
}
