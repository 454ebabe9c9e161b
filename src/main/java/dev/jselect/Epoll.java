package dev.jselect;

import dev.jselect.internal.Errno;
import dev.jselect.internal.Fds;
import dev.jselect.internal.OwnedFd;
import dev.jselect.internal.Platform;
import dev.jselect.internal.Syscalls;
import dev.jselect.internal.Timeouts;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>Thread-safety: every method may be called from any thread. Concurrent {@code poll}s are
 * allowed, as in Python: the first uses the object's buffer, the others a buffer of their own
 * for that one wait. {@code close()} while other threads are inside a method marks the object
 * closed at once (every later call is an {@link IllegalStateException}) and leaves the closing of
 * the fd and the freeing of the buffer to the last of those threads, so a wait in progress ends
 * normally and the fd number cannot be reused under it.
 */
public final class Epoll implements HasFileno, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Epoll.class);
    private static final int DEFAULT_EVENTS = Select.EPOLLIN | Select.EPOLLPRI | Select.EPOLLOUT;
    private static final int CTL_ADD = Platform.constant("EPOLL_CTL_ADD");
    private static final int CTL_MOD = Platform.constant("EPOLL_CTL_MOD");
    private static final int CTL_DEL = Platform.constant("EPOLL_CTL_DEL");
    /** Events the buffer holds from the start; also the least a {@code maxevents == -1} wait asks for. */
    static final int MIN_EVENTS = 64;
    /** Per-thread epoll_ctl argument, freed with the thread (automatic arena). */
    private static final ThreadLocal<MemorySegment> CTL_EVENT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(EpollEvents.LAYOUT));

    final OwnedFd epfd;       // package-private for tests, as is buffer
    final EpollEvents buffer; // freed by epfd once the fd is closed and no call is in flight
    private final AtomicBoolean bufferTaken = new AtomicBoolean();
    /** The fds registered through this object, to size the buffer for {@code maxevents == -1}. */
    private final BitSet registered = new BitSet(); // guarded by itself
    private volatile int registeredCount;

    private Epoll(int epfd) {
        this.buffer = new EpollEvents(MIN_EVENTS, true);
        this.epfd = new OwnedFd(epfd, "epoll object", buffer::close);
    }

    /** Python's {@code select.epoll()}. */
    public static Epoll open() throws IOException {
        return open(-1, 0);
    }

    /**
     * Python's {@code select.epoll(sizehint, flags)}. {@code sizehint} is -1 or positive and
     * otherwise unused; {@code flags} is 0 or EPOLL_CLOEXEC, and the fd is close-on-exec either way.
     *
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
            throw new ErrnoException(Errno.EINVAL, "invalid flags " + flags);
        }
        int fd = Syscalls.epollCreate1(Select.EPOLL_CLOEXEC);
        try {
            return adopt(fd);
        } catch (RuntimeException | Error e) {
            Syscalls.close(fd);
            throw e;
        }
    }

    /**
     * Python's {@code select.epoll.fromfd(fd)}: an Epoll for an existing epoll fd, which it then
     * owns: {@link #close()} closes it. Beyond being non-negative the fd is not checked; a bad one
     * fails in the first call that uses it (EBADF, EINVAL).
     */
    public static Epoll fromFd(int fd) {
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

    private static Epoll adopt(int fd) {
        Epoll ep = new Epoll(fd);
        LOG.debug("epoll fd {}: open", fd);
        return ep;
    }

    /** Python's {@code epoll.register(fd)}: waits for EPOLLIN, EPOLLPRI and EPOLLOUT. */
    public void register(int fd) throws IOException {
        register(fd, DEFAULT_EVENTS);
    }

    /**
     * Python's {@code epoll.register(fd, eventmask)} (EPOLL_CTL_ADD).
     *
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
            if (e.errno() == Errno.EEXIST) {
                track(fd, true);
            }
            throw e;
        }
    }

    /** Python's {@code epoll.register(fileobj)}. */
    public void register(HasFileno fileobj) throws IOException {
        register(Fds.of(fileobj));
    }

    /** Python's {@code epoll.register(fileobj, eventmask)}. */
    public void register(HasFileno fileobj, int eventmask) throws IOException {
        register(Fds.of(fileobj), eventmask);
    }

    /**
     * Python's {@code epoll.modify(fd, eventmask)} (EPOLL_CTL_MOD); re-arms an EPOLLONESHOT fd.
     *
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

    /** Python's {@code epoll.modify(fileobj, eventmask)}. */
    public void modify(HasFileno fileobj, int eventmask) throws IOException {
        modify(Fds.of(fileobj), eventmask);
    }

    /**
     * Python's {@code epoll.unregister(fd)} (EPOLL_CTL_DEL).
     *
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

    /** Python's {@code epoll.unregister(fileobj)}. */
    public void unregister(HasFileno fileobj) throws IOException {
        unregister(Fds.of(fileobj));
    }

    /** Python's {@code epoll.poll()}: blocks until a registered fd is ready; returns every ready fd. */
    public List<EpollEvent> poll() throws IOException {
        return poll(-1, -1);
    }

    /** Python's {@code epoll.poll(timeout)}: see {@link #poll(double, int)}, with maxevents -1. */
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
     * @throws IllegalArgumentException for a NaN timeout or one that does not fit epoll_wait's
     *     int milliseconds (Python's OverflowError), or maxevents 0 or below -1
     * @throws IllegalStateException after close
     */
    public List<EpollEvent> poll(double timeoutSeconds, int maxevents) throws IOException {
        int fd = epfd.acquire();
        try {
            int timeoutMillis = Timeouts.epollMillis(timeoutSeconds);
            int n = eventsToAskFor(maxevents);
            EpollEvents events = takeBuffer(n);
            try {
                int ready = Syscalls.epollWait(fd, events.segment(), n, timeoutMillis);
                return events.toList(ready);
            } finally {
                giveBack(events);
            }
        } finally {
            epfd.release();
        }
    }

    /** Python's {@code epoll.fileno()}. */
    @Override
    public int fileno() {
        int fd = epfd.fileno();
        if (fd < 0) {
            throw new IllegalStateException("I/O operation on closed epoll object");
        }
        return fd;
    }

    /** Python's {@code epoll.closed}. */
    public boolean isClosed() {
        return epfd.isClosed();
    }

    /**
     * Python's {@code epoll.close()}: closes the epoll fd and frees the event buffer (once the
     * threads inside a method have left, see the class comment). Later calls do nothing; like
     * Python's, it does not report a failing close(2).
     */
    @Override
    public void close() {
        try {
            epfd.close();
        } catch (ErrnoException e) {
            LOG.debug("epoll close failed: {}", e.getMessage());
        }
    }

    // ---- internals: the wait is "take a buffer, epoll_wait into it, read (count, fd/events by index)" ----

    /** maxevents as passed to epoll_wait: never more than registrations (or MIN_EVENTS) need. */
    private int eventsToAskFor(int maxevents) {
        if (maxevents == 0 || maxevents < -1) {
            throw new IllegalArgumentException("maxevents must be greater than 0, got " + maxevents);
        }
        int limit = Math.max(registeredCount, MIN_EVENTS);
        return maxevents == -1 ? limit : Math.min(maxevents, limit);
    }

    /** The object's own buffer, grown to {@code n} events, or, while another wait holds it, a temporary one. */
    private EpollEvents takeBuffer(int n) {
        if (bufferTaken.compareAndSet(false, true)) {
            try {
                buffer.ensureCapacity(n);
            } catch (RuntimeException | Error e) {
                bufferTaken.set(false);
                throw e;
            }
            return buffer;
        }
        return new EpollEvents(n, false);
    }

    private void giveBack(EpollEvents events) {
        if (events == buffer) {
            bufferTaken.set(false);
        } else {
            events.close();
        }
    }

    private void ctl(int op, int fd, int eventmask) throws ErrnoException {
        int ep = epfd.acquire();
        try {
            MemorySegment event = CTL_EVENT.get();
            EpollEvents.write(event, fd, eventmask);
            Syscalls.epollCtl(ep, op, fd, event);
            if (LOG.isDebugEnabled()) {
                if (op == CTL_DEL) {
                    LOG.debug("epoll fd {}: unregister fd {}", ep, fd);
                } else {
                    LOG.debug("epoll fd {}: {} fd {} for {}", ep, op == CTL_ADD ? "register" : "modify", fd,
                            Select.epollEventNames(eventmask));
                }
            }
        } finally {
            epfd.release();
        }
    }

    private void track(int fd, boolean isRegistered) {
        synchronized (registered) {
            registered.set(fd, isRegistered);
            registeredCount = registered.cardinality();
        }
    }

    /** ENOENT and EBADF mean the kernel has no registration for {@code fd} (any more). */
    private void forgetIfGone(int fd, ErrnoException e) {
        if (e.errno() == Errno.ENOENT || e.errno() == Errno.EBADF) {
            track(fd, false);
        }
    }
}
