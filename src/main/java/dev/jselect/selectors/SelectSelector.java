package dev.jselect.selectors;

import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.internal.Wakeup;
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
 * For {@link #wakeup()} and a {@link #close()} from another thread, every select also watches
 * an eventfd (a pipe off Linux) for reading, opened by the first select or wakeup.
 */
public final class SelectSelector extends BaseSelector {
    private final Set<Integer> readers = new HashSet<>(); // guarded by this (the selector's lock)
    private final Set<Integer> writers = new HashSet<>(); // guarded by this
    private final Map<Integer, Integer> readyEvents = new LinkedHashMap<>(); // reused by every select
    private Wakeup wakeup;  // guarded by this
    private boolean closed; // guarded by this

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
        } // the wakeup fd, if there, is no key's: addReady drops it
        for (Integer fd : result.writable()) {
            readyEvents.merge(fd, Selectors.EVENT_WRITE, (a, b) -> a | b);
        }
        List<SelectedKey> ready = new ArrayList<>(readyEvents.size());
        readyEvents.forEach((fd, events) -> addReady(ready, fd, events));
        readyEvents.clear();
        return ready;
    }

    /** The one place this selector blocks; the wakeup fd is watched too, and drained when it fired. */
    private SelectResult<Integer> waitForReady(long timeoutNanos) throws IOException {
        Duration timeout = timeoutNanos == BLOCK ? null : Duration.ofNanos(timeoutNanos);
        Wakeup w = enterWait();
        if (w == null) {
            return new SelectResult<>(List.of(), List.of(), List.of()); // closed by another thread
        }
        try {
            List<Integer> r = new ArrayList<>();
            List<Integer> wr;
            synchronized (this) { // a copy: other threads may change the sets during the wait
                r.addAll(readers);
                wr = List.copyOf(writers);
            }
            r.add(w.fd());
            SelectResult<Integer> result = Select.select(r, wr, List.<Integer>of(), timeout);
            if (result.readable().contains(w.fd())) {
                w.drain();
            }
            return result;
        } finally {
            w.leave();
        }
    }

    /** The wakeup, opened on first use and entered for one wait; null once closed. */
    private synchronized Wakeup enterWait() throws IOException {
        if (closed) {
            return null;
        }
        Wakeup w = openWakeup();
        w.enter();
        return w;
    }

    private Wakeup openWakeup() throws IOException {
        if (wakeup == null) {
            wakeup = Wakeup.open();
        }
        return wakeup;
    }

    @Override
    void wakeKernel() throws IOException {
        Wakeup w;
        synchronized (this) {
            if (closed) {
                return;
            }
            w = openWakeup();
        }
        w.signal();
    }

    /**
     * Closes the wakeup, which wakes a select in progress (which then closes it as it leaves).
     * The fd sets are left as they are: nothing reads them again.
     */
    @Override
    void closeKernel() {
        Wakeup w;
        synchronized (this) {
            closed = true;
            w = wakeup;
        }
        if (w != null) {
            w.close();
        }
    }
}
