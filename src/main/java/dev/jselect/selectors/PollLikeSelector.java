package dev.jselect.selectors;

import dev.jselect.EventHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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

    // A wait's kernel reports, collected without the lock, then mapped to keys under it at once.
    // Touched only by the selecting thread (one at a time).
    private int[] reportedFds = new int[16];
    private int[] reportedEvents = new int[16];
    private int reported;
    private final EventHandler collect = this::collect;

    /**
     * Waits up to {@code timeoutNanos} ({@link #BLOCK}: no limit) and passes each kernel report
     * (an fd and its returned events) to {@code reports}. Returns what it waited on, for
     * {@link #stillCurrent}.
     */
    abstract Object waitForEvents(long timeoutNanos, EventHandler reports) throws IOException;

    /** Under the selector's lock: whether the reports of a wait on {@code waitedOn} still hold. */
    boolean stillCurrent(Object waitedOn) {
        return true;
    }

    @Override
    final List<SelectedKey> selectReady(long timeoutNanos) throws IOException {
        reported = 0;
        Object waitedOn = waitForEvents(timeoutNanos, collect);
        List<SelectedKey> ready = new ArrayList<>(reported);
        synchronized (this) { // one lock for all of the wait's reports
            if (stillCurrent(waitedOn)) {
                for (int i = 0; i < reported; i++) {
                    addReady(ready, reportedFds[i], fromKernel(reportedEvents[i]));
                }
            }
        }
        return ready;
    }

    private void collect(int fd, int kernelEvents) {
        if (reported == reportedFds.length) {
            reportedFds = Arrays.copyOf(reportedFds, 2 * reported);
            reportedEvents = Arrays.copyOf(reportedEvents, 2 * reported);
        }
        reportedFds[reported] = fd;
        reportedEvents[reported++] = kernelEvents;
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
