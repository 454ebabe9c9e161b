package dev.jselect.selectors;

import dev.jselect.EventHandler;
import dev.jselect.Poll;
import dev.jselect.Select;
import java.io.IOException;
import java.time.Duration;

/** Python's {@code selectors.PollSelector}, on poll(2): no limit on fd numbers. */
public final class PollSelector extends PollLikeSelector {
    private final Poll poll = Select.poll();

    /**
     * Python {@code selectors.PollSelector()}.
     *
     * @throws java.io.UncheckedIOException around the ErrnoException when its wakeup cannot be opened (EMFILE)
     */
    public PollSelector() {
        super(Select.POLLIN, Select.POLLOUT);
        Poll p = poll;
        closeKernelWith(p::close); // its wakeup fd
    }

    @Override
    void addToKernel(int fd, int events) throws IOException {
        requireOpenFd(fd);
        poll.register(fd, toKernel(events));
    }

    @Override
    void modifyInKernel(int fd, int events) throws IOException {
        requireOpenFd(fd);
        poll.modify(fd, toKernel(events));
    }

    @Override
    void removeFromKernel(int fd) {
        poll.unregister(fd);
    }

    /**
     * The one place this selector blocks. poll(2) counts int milliseconds: rounded up, as Python
     * does, to wait at least the time asked; beyond an int, Poll throws IllegalArgumentException.
     */
    @Override
    Object waitForEvents(long timeoutNanos, EventHandler reports) throws IOException {
        poll.poll(timeoutNanos == BLOCK ? null : Duration.ofNanos(timeoutNanos), reports);
        return poll;
    }

    @Override
    void wakeKernel() throws IOException {
        poll.wakeup();
    }
}
