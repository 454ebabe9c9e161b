package dev.jselect.selectors;

import dev.jselect.Epoll;
import dev.jselect.EpollEvent;
import dev.jselect.HasFileno;
import dev.jselect.Select;
import dev.jselect.internal.Deadline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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

    @Override
    List<SelectedKey> selectReady(long timeoutNanos) throws IOException {
        List<EpollEvent> reported = waitForEvents(timeoutNanos);
        List<SelectedKey> ready = new ArrayList<>(reported.size());
        for (EpollEvent e : reported) {
            addReady(ready, e.fd(), fromKernel(e.events()));
        }
        return ready;
    }

    /**
     * The one place this selector blocks. epoll_wait(2) counts milliseconds: the timeout is
     * rounded up to one, as Python does, to wait at least the time asked.
     */
    private List<EpollEvent> waitForEvents(long timeoutNanos) throws IOException {
        double seconds = timeoutNanos == BLOCK ? -1 : Deadline.toMillisCeil(timeoutNanos) / 1e3;
        return epoll.poll(seconds, Math.max(registeredCount(), 1));
    }

    @Override
    void closeKernel() throws IOException {
        epoll.close();
    }
}
