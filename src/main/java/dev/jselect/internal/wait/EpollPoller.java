package dev.jselect.internal.wait;

import dev.jselect.internal.sys.Constants;

import dev.jselect.internal.sys.ErrnoNames;

import dev.jselect.internal.sys.WaitCalls;

import dev.jselect.ErrnoException;

/**
 * The {@link Poller} on Linux: an epoll instance; each registration carries its fd in the event's
 * data. As in the JDK, an entry that fired is left in the kernel's set, disarmed by EPOLLONESHOT:
 * it can deliver nothing, the next wait on that fd re-arms it with one EPOLL_CTL_MOD instead of an
 * ADD and a DEL per wait (an insert and a removal in the kernel's tree, the larger part of a
 * park's cost), and the kernel drops it when the fd's file is closed. Only a wait that ends
 * unfired (timeout, interrupt, close) deletes its entry.
 */
final class EpollPoller extends Poller {
    private static final int MAX_EVENTS = 512;

    private final int epfd;
    private final int interest;
    private final EpollEventArray events; // as long as the JVM; the polling thread only

    /** A poller of {@code events} (poll(2) bits, which are epoll's on Linux); throws when epoll_create1 fails. */
    EpollPoller(int events) throws ErrnoException {
        epfd = WaitCalls.epollCreate1(Constants.EPOLL_CLOEXEC);
        interest = Constants.EPOLLONESHOT | events;
        this.events = new EpollEventArray(MAX_EVENTS, true); // only once the poller exists: a failed start keeps nothing
    }

    @Override
    int fd() {
        return epfd;
    }

    @Override
    void arm(int fd) throws ErrnoException {
        // usually still in the set, disarmed, from its last wait; a new fd is added
        int r = EpollEventArray.tryCtl(epfd, Constants.EPOLL_CTL_MOD, fd, interest, fd);
        if (r == -Constants.ENOENT) {
            r = EpollEventArray.tryCtl(epfd, Constants.EPOLL_CTL_ADD, fd, interest, fd);
        }
        if (r < 0) {
            throw ErrnoNames.exception(-r, "epoll_ctl");
        }
    }

    @Override
    void disarm(int fd) {
        // failing with ENOENT/EBADF: closed meanwhile, and the kernel dropped it with its last reference
        EpollEventArray.tryCtl(epfd, Constants.EPOLL_CTL_DEL, fd, 0, 0);
    }

    @Override
    int waitAndDispatch(int timeoutMillis) throws ErrnoException {
        // the raw call, never through Waits: this is what a parked wait waits on
        int n = WaitCalls.epollWait(epfd, events.segment(), MAX_EVENTS, timeoutMillis);
        for (int i = 0; i < n; i++) {
            ready(events.fd(i));
        }
        return n;
    }
}
