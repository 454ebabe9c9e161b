package dev.jselect.selectors;

import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.ErrnoException;
import dev.jselect.internal.wait.Waitable;
import dev.jselect.internal.wait.Wakeup;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code selectors.SelectSelector}, on select(2). Only fds below
 * {@link Select#FD_SETSIZE} can be watched: as in Python, such an fd can be registered, and
 * {@code select()} then throws IllegalArgumentException (Python's ValueError).
 *
 * <p>For {@link #wakeup()} and a {@link #close()} from another thread, every select also watches
 * a wakeup fd (an eventfd, or a pipe), opened with the selector at the lowest free number. Where
 * every number below FD_SETSIZE is in use then, the selector is made without one, as Python's
 * can be made at any fd count: {@link #wakeup()} then throws IllegalStateException saying why,
 * and a select watches for a close from another thread in slices of {@value #CLOSE_CHECK_MILLIS}
 * ms, so that it still returns within that time of the close.
 */
public final class SelectSelector extends BaseSelector {
    /** Without a wakeup fd, how often a waiting select looks whether another thread closed the selector. */
    static final long CLOSE_CHECK_MILLIS = 50;
    private static final long CLOSE_CHECK_NANOS = CLOSE_CHECK_MILLIS * 1_000_000;

    private final Set<Integer> readers = new HashSet<>(); // guarded by this (the selector's lock)
    private final Set<Integer> writers = new HashSet<>(); // guarded by this
    private final Map<Integer, Integer> readyEvents = new LinkedHashMap<>(); // reused by every select
    private final @Nullable Waitable core; // the wakeup, closed once no select uses it; null without one
    private final @Nullable String noWakeup; // why there is no wakeup fd, or null
    private final AtomicBoolean kernelClosed = new AtomicBoolean(); // without a wakeup: set by close, seen between slices

    /**
     * Python {@code selectors.SelectSelector()}.
     *
     * @throws UncheckedIOException around the ErrnoException when its wakeup cannot be opened (EMFILE)
     */
    public SelectSelector() {
        Waitable c;
        try {
            c = Waitable.standalone("selector", () -> {});
        } catch (ErrnoException e) {
            throw new UncheckedIOException("SelectSelector(): cannot open its wakeup fd", e);
        }
        int fd = c.channel().fd();
        if (fd >= Select.FD_SETSIZE) { // the lowest free number: none is free below FD_SETSIZE
            c.close();
            core = null;
            noWakeup = "this SelectSelector has no wakeup: when it was made every fd below FD_SETSIZE ("
                    + Select.FD_SETSIZE + ") was in use, and select() cannot watch fd " + fd
                    + "; use PollSelector or EpollSelector for a cross-thread wakeup";
            AtomicBoolean closedFlag = kernelClosed; // the cleaner's action must not hold the selector
            closeKernelWith(() -> closedFlag.set(true));
            return;
        }
        core = c;
        noWakeup = null;
        closeKernelWith(c::close); // wakes a select in progress, which closes the fd as it leaves
    }

    @Override
    void addToKernel(int fd, int events) throws IOException {
        requireOpenFd(fd); // an fd >= FD_SETSIZE is accepted, as Python's; select() refuses it

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
        synchronized (this) { // one lock for all of the wait's reports
            readyEvents.forEach((fd, events) -> addReady(ready, fd, events));
        }
        readyEvents.clear();
        return ready;
    }

    /** The one place this selector waits; the wakeup fd is watched too, and drained when it fired. */
    private SelectResult<Integer> waitForReady(long timeoutNanos) throws IOException {
        if (core == null) {
            return waitInSlices(timeoutNanos);
        }
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
            checkRange(r, wr);
            SelectResult<Integer> result = Select.select(r, wr, List.<Integer>of(), timeout);
            if (result.readable().contains(w.fd())) {
                w.drain();
            }
            return result;
        } finally {
            core.leave();
        }
    }

    /**
     * Without a wakeup fd: selects in slices of at most {@link #CLOSE_CHECK_MILLIS} ms, looking
     * between them whether another thread closed the selector. The sets are copied once: a
     * registration made during the wait is seen by the next select, as epoll's would not be
     * promised either.
     */
    private SelectResult<Integer> waitInSlices(long timeoutNanos) throws IOException {
        List<Integer> r;
        List<Integer> wr;
        synchronized (this) {
            r = List.copyOf(readers);
            wr = List.copyOf(writers);
        }
        checkRange(r, wr);
        long deadline = System.nanoTime() + timeoutNanos;
        for (;;) {
            if (kernelClosed.get()) {
                throw new IllegalStateException("Selector is closed"); // BaseSelector returns nothing then
            }
            long slice = CLOSE_CHECK_NANOS;
            if (timeoutNanos != BLOCK) {
                slice = Math.min(slice, Math.max(0, deadline - System.nanoTime()));
            }
            SelectResult<Integer> result = Select.select(r, wr, List.<Integer>of(), Duration.ofNanos(slice));
            boolean timedOut = timeoutNanos != BLOCK && deadline - System.nanoTime() <= 0;
            if (!result.readable().isEmpty() || !result.writable().isEmpty() || timedOut || slice == 0) {
                return result;
            }
        }
    }

    /** Python's ValueError from select() for an fd it cannot watch, naming the selectors that can. */
    private static void checkRange(List<Integer> r, List<Integer> w) {
        for (List<Integer> fds : List.of(r, w)) {
            for (int fd : fds) {
                if (fd >= Select.FD_SETSIZE) {
                    throw new IllegalArgumentException("filedescriptor out of range in select(): fd " + fd
                            + " is not below FD_SETSIZE (" + Select.FD_SETSIZE + "); use PollSelector or EpollSelector");
                }
            }
        }
    }

    @Override
    void wakeKernel() throws IOException {
        if (core == null) {
            throw new IllegalStateException(noWakeup);
        }
        core.wakeup();
    }
}
