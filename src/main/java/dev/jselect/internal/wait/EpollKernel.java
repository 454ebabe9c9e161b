package dev.jselect.internal.wait;

import dev.jselect.ErrnoException;
import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.ErrnoNames;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.WaitCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.jselect.internal.Fds;
import dev.jselect.internal.Timeouts;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The kernel side of an {@code Epoll} object: its epoll instance, created or adopted with the
 * object's wakeup registered in it, epoll_ctl of a caller's fd, and the one wait frame of every
 * form of {@code poll}. The object's public methods keep Python's names and checks; what they do
 * to the kernel is here.
 *
 * <p>The wakeup is registered {@code EPOLLIN | EPOLLET} with its tagged {@link Wakeup#epollData()}:
 * a signal is one event, with nothing to read. Before a close signals it is made level-triggered,
 * so that every thread in epoll_wait returns, not just one.
 *
 * <p>Native memory: the event buffer is owned by {@link #core()}, which frees it once the fd is
 * closed and no call is in flight; a wait borrows it ({@link EpollEventArray#lease}).
 */
public final class EpollKernel {
    /** {@link #ctl} operation: register an fd (EPOLL_CTL_ADD). */
    public static final int ADD = Constants.EPOLL_CTL_ADD;
    /** {@link #ctl} operation: change a registered fd's events (EPOLL_CTL_MOD). */
    public static final int MODIFY = Constants.EPOLL_CTL_MOD;
    /** {@link #ctl} operation: unregister an fd (EPOLL_CTL_DEL). */
    public static final int UNREGISTER = Constants.EPOLL_CTL_DEL;
    /** Events the buffer holds from the start: Python's {@code maxevents} for -1, {@code FD_SETSIZE - 1}. */
    public static final int INITIAL_EVENTS = Constants.FD_SETSIZE - 1;

    private static final Logger LOG = LoggerFactory.getLogger("dev.jselect.Epoll");
    private static final int EPOLLIN = Constants.EPOLLIN;

    private final Waitable core;
    private final EpollEventArray buffer;

    private EpollKernel(Waitable core, EpollEventArray buffer) {
        this.core = core;
        this.buffer = buffer;
    }

    /** Off Linux: {@link UnsupportedOperationException} naming the alternatives, poll and select. */
    private static void requireEpoll() {
        Platform.abi();
        if (!Platform.hasEpoll()) {
            throw Platform.noEpoll();
        }
    }

    /**
     * Python's {@code select.epoll(sizehint, flags)} checks, then a new close-on-exec epoll fd.
     *
     * @throws IllegalArgumentException for a sizehint of 0 or below -1
     * @throws ErrnoException EINVAL for flags other than 0 and EPOLL_CLOEXEC, or what
     *     epoll_create1(2) reports
     */
    private static int create(int sizehint, int flags) throws ErrnoException {
        requireEpoll();
        if (sizehint != -1 && sizehint <= 0) {
            throw new IllegalArgumentException("negative sizehint: " + sizehint);
        }
        if (flags != 0 && flags != Constants.EPOLL_CLOEXEC) {
            throw ErrnoNames.exception(Constants.EINVAL, "invalid flags " + flags);
        }
        return WaitCalls.epollCreate1(Constants.EPOLL_CLOEXEC);
    }

    /**
     * Python's {@code select.epoll(sizehint, flags)}: a new instance, or nothing left open.
     *
     * @throws UnsupportedOperationException off Linux
     */
    public static EpollKernel open(int sizehint, int flags) throws ErrnoException {
        int fd = create(sizehint, flags);
        try {
            return adopt(fd);
        } catch (ErrnoException | RuntimeException | Error e) {
            FdCalls.close(fd);
            throw e;
        }
    }

    /**
     * The instance {@code epfd}, which it then owns, with a new wakeup registered in it and a
     * new event buffer; closing {@link #core()} closes {@code epfd} and the wakeup, then frees
     * the buffer. On failure {@code epfd} is still the caller's.
     *
     * @throws UnsupportedOperationException off Linux
     * @throws IllegalArgumentException for a negative fd
     */
    public static EpollKernel adopt(int epfd) throws ErrnoException {
        requireEpoll();
        Fds.check(epfd);
        EpollEventArray buffer = new EpollEventArray(INITIAL_EVENTS, true);
        try {
            Waitable core = Waitable.around(epfd, "epoll object", EpollKernel::registerWakeup,
                    EpollKernel::wakeEveryWaiter, buffer::close);
            LOG.debug("epoll fd {}: open", epfd);
            return new EpollKernel(core, buffer);
        } catch (ErrnoException | RuntimeException e) {
            buffer.close();
            throw e;
        }
    }

    /** The epoll fd and the wakeup, and the lifetime of both and of the buffer. */
    public Waitable core() {
        return core;
    }

    /** The epoll fd, Python's {@code epoll.fileno()}; IllegalStateException once closed. */
    public int fileno() {
        int fd = core.fileno();
        if (fd < 0) {
            throw new IllegalStateException("I/O operation on closed epoll object");
        }
        return fd;
    }

    /** The object's event buffer: for tests of when it grows and is freed. */
    public EpollEventArray buffer() {
        return buffer;
    }

    /**
     * epoll_ctl {@code op} ({@link #ADD}, {@link #MODIFY}, {@link #UNREGISTER}) of a caller's
     * {@code fd} on this instance; its epoll_data is the fd itself ({@code fd & 0xFFFFFFFF}), as
     * a wait reads it back. A number that is a wakeup's is EBADF: the caller's file under it was
     * closed.
     *
     * @throws IllegalArgumentException for a negative fd
     * @throws IllegalStateException once closed
     */
    public void ctl(int op, int fd, int eventmask) throws ErrnoException {
        if (Wakeup.isWakeupFd(Fds.check(fd))) {
            throw ErrnoNames.exception(Constants.EBADF, "epoll_ctl");
        }
        int ep = core.enter();
        try {
            EpollEventArray.ctl(ep, op, fd, eventmask, fd & 0xFFFF_FFFFL);
            if (LOG.isDebugEnabled()) {
                LOG.debug("epoll fd {}: {} fd {}{}", ep, op == ADD ? "register" : op == MODIFY ? "modify" : "unregister",
                        fd, op == UNREGISTER ? "" : " for events 0x" + Integer.toHexString(eventmask));
            }
        } finally {
            core.leave();
        }
    }

    private static void registerWakeup(int ep, Wakeup w) throws ErrnoException {
        EpollEventArray.ctl(ep, Constants.EPOLL_CTL_ADD, w.fd(), EPOLLIN | Constants.EPOLLET, w.epollData());
    }

    private static void wakeEveryWaiter(int ep, Wakeup w) throws ErrnoException {
        EpollEventArray.ctl(ep, Constants.EPOLL_CTL_MOD, w.fd(), EPOLLIN, w.epollData());
    }

    /**
     * The one wait frame of every form of {@code poll} (list, {@code pollReady}, handler): the
     * buffer borrowed, epoll_wait into it for up to {@code maxevents} events (-1: as many as it
     * holds), and each ready (fd, events) handed to {@code sink} for {@code target}, on this
     * thread. Returns their count. Python's checks come first, a closed object's before the others.
     *
     * @throws IllegalArgumentException for maxevents 0 or below -1
     * @throws IllegalStateException once closed
     */
    public <T> int wait(int timeoutMillis, int maxevents, T target, ReadySink<T> sink) throws IOException {
        if (maxevents == 0 || maxevents < -1) {
            throw orClosed(new IllegalArgumentException("maxevents must be greater than 0, got " + maxevents));
        }
        int ep = core.enter();
        try {
            EpollEventArray events = buffer.lease(maxevents);
            try {
                int ready = events.waitIn(ep, maxevents, timeoutMillis, core.channel());
                sink.start(target, ready);
                for (int i = 0; i < ready; i++) {
                    sink.add(target, events.fd(i), events.events(i));
                }
                return ready;
            } finally {
                buffer.giveBack(events);
            }
        } finally {
            core.leave();
        }
    }

    /**
     * The list form of {@link #wait}: a list that allocates, beyond its elements, only its array,
     * sized once to them ({@link ReadySink#intoList}).
     */
    public <E> List<E> list(int timeoutMillis, int maxevents, ReadySink<ArrayList<E>> sink) throws IOException {
        ArrayList<E> out = new ArrayList<>(0);
        wait(timeoutMillis, maxevents, out, sink);
        return out;
    }

    /** epoll's timeout in milliseconds; a bad one to a closed object is the closed object's error. */
    public int millis(double timeoutSeconds) {
        try {
            return Timeouts.epollMillis(timeoutSeconds);
        } catch (IllegalArgumentException e) {
            throw orClosed(e);
        }
    }

    /** {@link #millis(double)} for a Duration; null blocks. */
    public int millis(@Nullable Duration timeout) {
        try {
            return Timeouts.epollMillis(timeout);
        } catch (IllegalArgumentException e) {
            throw orClosed(e);
        }
    }

    /** As CPython checks a wait's arguments: a closed object is reported first. */
    private IllegalArgumentException orClosed(IllegalArgumentException bad) {
        if (core.isClosed()) {
            core.enter(); // throws the closed object's IllegalStateException: a closed core stays closed
        }
        return bad;
    }
}
