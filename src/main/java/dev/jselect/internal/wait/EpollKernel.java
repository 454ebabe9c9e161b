package dev.jselect.internal.wait;

import dev.jselect.ErrnoException;
import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.ErrnoNames;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.WaitCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.jselect.internal.Timeouts;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The kernel side of an {@code Epoll} object: creating or adopting its epoll instance with the
 * object's wakeup registered in it, and epoll_ctl of a caller's fd. The object's public methods
 * keep Python's names and checks; what they do to the kernel is here.
 *
 * <p>The wakeup is registered {@code EPOLLIN | EPOLLET} with its tagged {@link Wakeup#epollData()}:
 * a signal is one event, with nothing to read. Before a close signals it is made level-triggered,
 * so that every thread in epoll_wait returns, not just one.
 */
public final class EpollKernel {
    /** {@link #ctl} operation: register an fd (EPOLL_CTL_ADD). */
    public static final int ADD = Constants.EPOLL_CTL_ADD;
    /** {@link #ctl} operation: change a registered fd's events (EPOLL_CTL_MOD). */
    public static final int MODIFY = Constants.EPOLL_CTL_MOD;
    /** {@link #ctl} operation: unregister an fd (EPOLL_CTL_DEL). */
    public static final int UNREGISTER = Constants.EPOLL_CTL_DEL;

    private static final Logger LOG = LoggerFactory.getLogger("dev.jselect.Epoll");
    private static final int EPOLLIN = Constants.EPOLLIN;

    private EpollKernel() {}

    /** Off Linux: {@link UnsupportedOperationException} naming the alternatives, poll and select. */
    public static void requireEpoll() {
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
    public static int create(int sizehint, int flags) throws ErrnoException {
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
     * The {@link Waitable} of the epoll instance {@code epfd}, which it then owns, with a new
     * wakeup registered in it; closing it closes {@code epfd} and the wakeup, then frees
     * {@code buffer}. On failure {@code buffer} is freed and {@code epfd} is still the caller's.
     */
    public static Waitable adopt(int epfd, EpollEventArray buffer) throws ErrnoException {
        try {
            Waitable core = Waitable.around(epfd, "epoll object", EpollKernel::registerWakeup,
                    EpollKernel::wakeEveryWaiter, buffer::close);
            LOG.debug("epoll fd {}: open", epfd);
            return core;
        } catch (ErrnoException | RuntimeException e) {
            buffer.close();
            throw e;
        }
    }

    /** {@link #create}, then {@link #adopt}; the fd is closed if adopting fails. */
    public static Waitable open(int sizehint, int flags, EpollEventArray buffer) throws ErrnoException {
        int fd;
        try {
            fd = create(sizehint, flags);
        } catch (ErrnoException | RuntimeException e) {
            buffer.close();
            throw e;
        }
        try {
            return adopt(fd, buffer);
        } catch (ErrnoException | RuntimeException | Error e) {
            FdCalls.close(fd);
            throw e;
        }
    }

    /**
     * epoll_ctl {@code op} ({@link #ADD}, {@link #MODIFY}, {@link #UNREGISTER}) of a caller's
     * {@code fd} on the object's instance, inside a call on {@code core}; its epoll_data is the
     * fd itself ({@code fd & 0xFFFFFFFF}), as Epoll reads it back. A number that is a wakeup's
     * is EBADF: the caller's file under it was closed.
     */
    public static void ctl(Waitable core, int op, int fd, int eventmask) throws ErrnoException {
        if (Wakeup.isWakeupFd(fd)) {
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

    // ---- the arguments of a wait, checked as CPython does: a closed object is reported first ----

    /** epoll's timeout in milliseconds; a bad one to a closed object is the closed object's error. */
    public static int millis(Waitable core, double timeoutSeconds) {
        try {
            return Timeouts.epollMillis(timeoutSeconds);
        } catch (IllegalArgumentException e) {
            throw orClosed(core, e);
        }
    }

    /** {@link #millis(Waitable, double)} for a Duration; null blocks. */
    public static int millis(Waitable core, @Nullable Duration timeout) {
        try {
            return Timeouts.epollMillis(timeout);
        } catch (IllegalArgumentException e) {
            throw orClosed(core, e);
        }
    }

    /** Python's check of {@code maxevents}: -1 or at least 1. */
    public static void checkMaxevents(Waitable core, int maxevents) {
        if (maxevents == 0 || maxevents < -1) {
            throw orClosed(core, new IllegalArgumentException("maxevents must be greater than 0, got " + maxevents));
        }
    }

    private static IllegalArgumentException orClosed(Waitable core, IllegalArgumentException bad) {
        if (core.isClosed()) {
            core.enter(); // throws the closed object's IllegalStateException: a closed core stays closed
        }
        return bad;
    }
}
