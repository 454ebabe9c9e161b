package dev.jselect.selectors;

import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.ErrnoException;
import dev.jselect.internal.WaitCore;
import dev.jselect.internal.Wakeup;
import java.io.UncheckedIOException;
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
 * an eventfd (a pipe off Linux) for reading, opened with the selector: so the selector cannot be
 * made when that fd would not be below FD_SETSIZE.
 */
public final class SelectSelector extends BaseSelector {
    private final Set<Integer> readers = new HashSet<>(); // guarded by this (the selector's lock)
    private final Set<Integer> writers = new HashSet<>(); // guarded by this
    private final Map<Integer, Integer> readyEvents = new LinkedHashMap<>(); // reused by every select
    private final WaitCore core; // the wakeup, closed once no select uses it

    /**
     * Python {@code selectors.SelectSelector()}.
     *
     * @throws IllegalStateException when the fds below FD_SETSIZE are all in use, so that the
     *     selector's wakeup fd could not be watched by select(2)
     * @throws UncheckedIOException around the ErrnoException when its wakeup cannot be opened (EMFILE)
     */
    public SelectSelector() {
        WaitCore c;
        try {
            c = WaitCore.standalone("selector", () -> {});
        } catch (ErrnoException e) {
            throw new UncheckedIOException("SelectSelector(): cannot open its wakeup fd", e);
        }
        int fd = c.channel().fd();
        if (fd >= Select.FD_SETSIZE) {
            c.close();
            throw new IllegalStateException("SelectSelector(): its wakeup fd would be " + fd
                    + ", not below FD_SETSIZE (" + Select.FD_SETSIZE + "), so select() could not watch it:"
                    + " the fds below are all in use; use PollSelector or EpollSelector");
        }
        core = c;
        closeKernelWith(c::close); // wakes a select in progress, which closes the fd as it leaves
    }

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

    /** The one place this selector waits; the wakeup fd is watched too, and drained when it fired. */
    private SelectResult<Integer> waitForReady(long timeoutNanos) throws IOException {
        Duration timeout = timeoutNanos == BLOCK ? null : Duration.ofNanos(timeoutNanos);
        core.enter(); // IllegalStateException once closed: BaseSelector returns nothing then
        try {
            Wakeup w = core.channel();
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
            core.leave();
        }
    }

    @Override
    void wakeKernel() throws IOException {
        core.wakeup();
    }
}
