package dev.jselect.internal;

import dev.jselect.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The {@link Poller} on Linux: an epoll instance; each registration carries its fd in the event's
 * data. As in the JDK, an entry that fired is left in the kernel's set, disarmed by EPOLLONESHOT:
 * it can deliver nothing, the next wait on that fd re-arms it with one EPOLL_CTL_MOD instead of an
 * ADD and a DEL per wait (an insert and a removal in the kernel's tree, the larger part of a
 * park's cost), and the kernel drops it when the fd's file is closed. Only a wait that ends
 * unfired (timeout, interrupt, close) deletes its entry.
 */
final class EpollPoller extends Poller {
    private static final int CTL_ADD = Platform.constant("EPOLL_CTL_ADD");
    private static final int CTL_MOD = Platform.constant("EPOLL_CTL_MOD");
    private static final int CTL_DEL = Platform.constant("EPOLL_CTL_DEL");
    private static final int ENOENT = Platform.constant("ENOENT");
    private static final int MAX_EVENTS = 512;
    private static final StructLayout EVENT = (StructLayout) Platform.abi().layout("epoll_event");
    private static final long EVENTS = EVENT.byteOffset(MemoryLayout.PathElement.groupElement("events"));
    private static final long DATA = EVENT.byteOffset(MemoryLayout.PathElement.groupElement("data"));

    private final int epfd;
    private final int interest;
    // both live as long as the poller, that is as long as the JVM
    private final MemorySegment ctlEvent = Arena.global().allocate(EVENT); // under this
    private final MemorySegment events = Arena.global().allocate(EVENT.byteSize() * MAX_EVENTS, 8); // the polling thread only

    EpollPoller(boolean read) {
        try {
            epfd = Syscalls.epollCreate1(Platform.constant("EPOLL_CLOEXEC"));
        } catch (ErrnoException e) {
            throw new IllegalStateException("cannot start jselect's poller: " + e.getMessage(), e);
        }
        int oneShot = Platform.constant("EPOLLONESHOT");
        interest = oneShot | (read
                ? Platform.constant("EPOLLIN") | Platform.constant("EPOLLPRI") | Platform.constant("EPOLLRDHUP")
                : Platform.constant("EPOLLOUT"));
    }

    @Override
    int fd() {
        return epfd;
    }

    @Override
    void arm(int fd) throws ErrnoException {
        ctlEvent.set(ValueLayout.JAVA_INT_UNALIGNED, EVENTS, interest);
        ctlEvent.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA, fd);
        // usually still in the set, disarmed, from its last wait; a new fd is added
        int r = Syscalls.tryEpollCtl(epfd, CTL_MOD, fd, ctlEvent);
        if (r == -ENOENT) {
            Syscalls.epollCtl(epfd, CTL_ADD, fd, ctlEvent);
        } else if (r < 0) {
            throw ErrnoException.of(-r, "epoll_ctl");
        }
    }

    @Override
    void disarm(int fd) {
        // failing with ENOENT/EBADF: closed meanwhile, and the kernel dropped it with its last reference
        Syscalls.tryEpollCtl(epfd, CTL_DEL, fd, MemorySegment.NULL);
    }

    @Override
    int waitAndDispatch(int timeoutMillis) throws ErrnoException {
        int n = Syscalls.epollWait(epfd, events, MAX_EVENTS, timeoutMillis);
        for (int i = 0; i < n; i++) {
            ready((int) events.get(ValueLayout.JAVA_LONG_UNALIGNED, i * EVENT.byteSize() + DATA));
        }
        return n;
    }
}
