package dev.jselect.selectors;

import dev.jselect.EventHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code _PollLikeSelector}: what {@link PollSelector} and {@link EpollSelector} share,
 * the translation between selector events and the kernel's read and write bits, and the
 * reading of what the kernel reports.
 */
abstract sealed class PollLikeSelector extends BaseSelector permits PollSelector, EpollSelector {
    private final int kernelRead;
    private final int kernelWrite;

    /** {@code kernelRead}/{@code kernelWrite}: POLLIN/POLLOUT or EPOLLIN/EPOLLOUT. */
    PollLikeSelector(int kernelRead, int kernelWrite) {
        this.kernelRead = kernelRead;
        this.kernelWrite = kernelWrite;
    }

    /**
     * Waits up to {@code timeoutNanos} ({@link #BLOCK}: no limit) and passes each kernel report
     * (an fd and its returned events) to {@code reports}.
     */
    abstract void waitForEvents(long timeoutNanos, EventHandler reports) throws IOException;

    @Override
    final List<SelectedKey> selectReady(long timeoutNanos) throws IOException {
        List<SelectedKey> ready = new ArrayList<>();
        waitForEvents(timeoutNanos, (fd, kernelEvents) -> addReady(ready, fd, fromKernel(kernelEvents)));
        return ready;
    }

    /** The kernel's mask for EVENT_READ/EVENT_WRITE. */
    final int toKernel(int events) {
        int mask = 0;
        if ((events & Selectors.EVENT_READ) != 0) {
            mask |= kernelRead;
        }
        if ((events & Selectors.EVENT_WRITE) != 0) {
            mask |= kernelWrite;
        }
        return mask;
    }

    /**
     * The selector events of a kernel report. Anything but "readable" counts as writable and
     * anything but "writable" as readable, so a hang-up or an error wakes readers and writers alike.
     */
    private int fromKernel(int revents) {
        int events = 0;
        if ((revents & ~kernelRead) != 0) {
            events |= Selectors.EVENT_WRITE;
        }
        if ((revents & ~kernelWrite) != 0) {
            events |= Selectors.EVENT_READ;
        }
        return events;
    }
}
