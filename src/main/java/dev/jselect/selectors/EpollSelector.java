package dev.jselect.selectors;

import dev.jselect.Epoll;
import dev.jselect.EventHandler;
import dev.jselect.HasFileno;
import dev.jselect.Select;
import java.io.IOException;

/**
 * Python's {@code selectors.EpollSelector}, on an epoll instance. Each wait asks for as many
 * events as there are registrations, so there is no cap on how many come back at once.
 */
public final class EpollSelector extends PollLikeSelector implements HasFileno {
    private final Epoll epoll;

    /**
     * Python {@code selectors.EpollSelector()}.
     *
     * @throws IOException when epoll_create1 fails (EMFILE, ENOMEM)
     */
    public EpollSelector() throws IOException {
        super(Select.EPOLLIN, Select.EPOLLOUT);
        epoll = Epoll.open();
    }

    /** Python {@code EpollSelector.fileno()}: the epoll fd; IllegalStateException after close. */
    @Override
    public int fileno() {
        return epoll.fileno();
    }

    @Override
    void addToKernel(int fd, int events) throws IOException {
        epoll.register(fd, toKernel(events));
    }

    @Override
    void modifyInKernel(int fd, int events) throws IOException {
        epoll.modify(fd, toKernel(events));
    }

    @Override
    void removeFromKernel(int fd) throws IOException {
        epoll.unregister(fd);
    }

    /**
     * The one place this selector blocks. epoll_wait(2) counts int milliseconds: rounded up, as
     * Python does, to wait at least the time asked; beyond an int, Epoll throws
     * IllegalArgumentException. It may return as many events as there are registrations, handed
     * over straight from the event buffer (the zero-allocation wait).
     */
    @Override
    void waitForEvents(long timeoutNanos, EventHandler reports) throws IOException {
        double seconds = timeoutNanos == BLOCK ? -1 : Math.ceilDiv(timeoutNanos, 1_000_000) / 1e3;
        epoll.poll(seconds, reports);
    }

    @Override
    void wakeKernel() throws IOException {
        epoll.wakeup();
    }

    @Override
    void closeKernel() {
        epoll.close();
    }
}
