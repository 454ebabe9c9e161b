package dev.jselect.selectors;

import dev.jselect.Select;
import dev.jselect.SelectResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Python's {@code selectors.SelectSelector}, on select(2). Only fds below
 * {@link Select#FD_SETSIZE} can be watched, so a larger one is refused when it is registered.
 */
public final class SelectSelector extends BaseSelector {
    private final Set<Integer> readers = new HashSet<>(); // guarded by this (the selector's lock)
    private final Set<Integer> writers = new HashSet<>(); // guarded by this
    private final Map<Integer, Integer> readyEvents = new LinkedHashMap<>(); // reused by every select

    /** Python {@code selectors.SelectSelector()}. */
    public SelectSelector() {}

    @Override
    void addToKernel(int fd, int events) throws IOException {
        if (fd >= Select.FD_SETSIZE) {
            throw new IllegalArgumentException("fd " + fd + " is not below FD_SETSIZE (" + Select.FD_SETSIZE
                    + "), which select() cannot watch: use PollSelector or EpollSelector");
        }
        requireOpenFd(fd);
        watch(fd, events);
    }

    @Override
    void modifyInKernel(int fd, int events) throws IOException {
        requireOpenFd(fd); // Python re-registers here, and registering checks the fd
        watch(fd, events);
    }

    @Override
    void removeFromKernel(int fd) {
        readers.remove(fd);
        writers.remove(fd);
    }

    private void watch(int fd, int events) {
        removeFromKernel(fd);
        if ((events & Selectors.EVENT_READ) != 0) {
            readers.add(fd);
        }
        if ((events & Selectors.EVENT_WRITE) != 0) {
            writers.add(fd);
        }
    }

    @Override
    List<SelectedKey> selectReady(long timeoutNanos) throws IOException {
        SelectResult<Integer> result = waitForReady(timeoutNanos);
        // One entry per fd, with read and write readiness merged (gh-110038).
        readyEvents.clear();
        for (Integer fd : result.readable()) {
            readyEvents.merge(fd, Selectors.EVENT_READ, (a, b) -> a | b);
        }
        for (Integer fd : result.writable()) {
            readyEvents.merge(fd, Selectors.EVENT_WRITE, (a, b) -> a | b);
        }
        List<SelectedKey> ready = new ArrayList<>(readyEvents.size());
        readyEvents.forEach((fd, events) -> addReady(ready, fd, events));
        readyEvents.clear();
        return ready;
    }

    /** The one place this selector blocks, on a copy of the sets, which other threads may change meanwhile. */
    private SelectResult<Integer> waitForReady(long timeoutNanos) throws IOException {
        Duration timeout = timeoutNanos == BLOCK ? null : Duration.ofNanos(timeoutNanos);
        List<Integer> r;
        List<Integer> w;
        synchronized (this) {
            r = List.copyOf(readers);
            w = List.copyOf(writers);
        }
        return Select.select(r, w, List.<Integer>of(), timeout);
    }

    @Override
    void closeKernel() {
        readers.clear();
        writers.clear();
    }
}
