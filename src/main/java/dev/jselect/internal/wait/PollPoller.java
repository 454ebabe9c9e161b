package dev.jselect.internal.wait;

import dev.jselect.internal.sys.Constants;

import dev.jselect.internal.sys.PollFdStruct;

import dev.jselect.internal.sys.WaitCalls;

import dev.jselect.internal.NativeMemory;

import dev.jselect.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@link Poller} where there is no epoll: poll(2) over the armed fds plus a wakeup fd, rebuilt
 * when the set changed, on a platform thread. An fd that fired is disarmed until re-armed, which
 * gives epoll's one-shot behaviour.
 */
final class PollPoller extends Poller {
    private static final int POLLIN = Constants.POLLIN;

    private final short interest;
    private final Wakeup wakeup;
    private final Set<Integer> armed = new LinkedHashSet<>(); // under this
    private MemorySegment array = MemorySegment.NULL; // the poller thread only; an automatic arena frees the old one

    /** A poller of {@code events} (poll(2) bits); throws when its wakeup fd cannot be opened. */
    PollPoller(int events) throws ErrnoException {
        interest = (short) events;
        wakeup = Wakeup.open();
    }

    @Override
    int fd() {
        throw new UnsupportedOperationException("a poll(2) poller has no fd of its own");
    }

    @Override
    void arm(int fd) throws ErrnoException {
        if (armed.add(fd)) {
            wakeup.signal();
        }
    }

    @Override
    void disarm(int fd) {
        armed.remove(fd); // the poller thread's next rebuild drops it; a stale wakeup is harmless
    }

    @Override
    int waitAndDispatch(int timeoutMillis) throws ErrnoException {
        int count;
        synchronized (this) {
            count = armed.size() + 1;
            if (array.byteSize() < count * PollFdStruct.SIZE) {
                array = PollFdStruct.allocate(NativeMemory.ofAuto(), Math.max(count, 64));
            }
            PollFdStruct.set(array, 0, wakeup.fd(), POLLIN);
            int i = 1;
            for (int fd : armed) {
                PollFdStruct.set(array, i++, fd, interest);
            }
        }
        int n = WaitCalls.poll(array, count, timeoutMillis);
        int dispatched = 0;
        for (int i = 0; n > 0 && i < count; i++) {
            if (PollFdStruct.revents(array, i) != 0) {
                n--;
                int fd = PollFdStruct.fd(array, i);
                if (i == 0) {
                    wakeup.drain();
                } else {
                    synchronized (this) { // a waiter arming now is either among those woken or re-adds the fd
                        armed.remove(fd);
                        ready(fd);
                    }
                    dispatched++;
                }
            }
        }
        return dispatched;
    }
}
