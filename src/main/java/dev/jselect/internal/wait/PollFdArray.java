package dev.jselect.internal.wait;

import dev.jselect.internal.sys.Constants;

import dev.jselect.internal.sys.PollFdStruct;

import dev.jselect.internal.NativeMemory;

import dev.jselect.ErrnoException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registrations of one {@code Poll} (CPython's dict of fd to mask, in insertion order) and
 * their native {@code struct pollfd} array (CPython's {@code ufds}): the array is filled from the
 * registrations only when they changed ({@link #refresh}, CPython's {@code ufd_uptodate}),
 * handed to poll(2), and read by index after the wait. The registrations may change from any
 * thread (under this object's lock); the array is touched only by the thread inside the Poll's
 * wait. Entry 0 is the Poll's wakeup fd, never part of a result; after a wait, the indexes of
 * the ready registrations are kept in a reused int array ({@link #readyIndex}).
 * A registered number that is one of the library's wakeup fds is hidden from poll(2) (fd -1,
 * which it skips) and reported as POLLNVAL: for the caller it names no open file.
 *
 * <p>Memory: one segment from an automatic arena, since a Poll (like Python's) has no close();
 * it is replaced, and the old one left to the garbage collector, only when more fds are
 * registered than it holds.
 */
public final class PollFdArray {
    private static final int POLLIN = Constants.POLLIN;
    private static final int POLLNVAL = Constants.POLLNVAL;

    private final Map<Integer, Integer> registrations = new LinkedHashMap<>(); // guarded by this
    private boolean upToDate;  // guarded by this: the array holds the registrations
    private int generation;    // guarded by this: Wakeup.generation() when the array was filled

    private MemorySegment segment = MemorySegment.NULL;
    private int capacity;
    private int size;
    private int[] ready = new int[0]; // indexes of the ready entries after collect(), reused
    private int[] hidden = new int[0]; // indexes of entries whose number is a wakeup's
    private int[] hiddenFds = new int[0]; // and those numbers
    private int hiddenCount;

    /** Registers {@code fd} for {@code eventmask}, or changes the mask of a registered fd (keeping its place). */
    public synchronized void put(int fd, int eventmask) {
        registrations.put(fd, eventmask);
        upToDate = false;
    }

    /** Changes the mask of a registered {@code fd}; false (nothing changed) when it is not registered. */
    public synchronized boolean replace(int fd, int eventmask) {
        if (registrations.replace(fd, eventmask) == null) {
            return false;
        }
        upToDate = false;
        return true;
    }

    /** Forgets {@code fd}; false when it was not registered. */
    public synchronized boolean remove(int fd) {
        if (registrations.remove(fd) == null) {
            return false;
        }
        upToDate = false;
        return true;
    }

    /**
     * Before a wait: rewrites the array if the registrations changed since it was filled, or a
     * wakeup opened since (a registered number may have become a wakeup's, to be hidden).
     */
    public synchronized void refresh(int wakeupFd) {
        int g = Wakeup.generation();
        if (!upToDate || generation != g) {
            fill(wakeupFd);
            upToDate = true;
            generation = g;
        }
    }

    /** Rewrites the array: the wakeup fd (POLLIN) first, then the registrations (fd to event mask), in their order. */
    private void fill(int wakeupFd) {
        int n = registrations.size() + 1;
        if (n > capacity) {
            int grown = Math.max(n, 2 * capacity);
            segment = PollFdStruct.allocate(NativeMemory.ofAuto(), grown);
            ready = new int[grown];
            hidden = new int[grown];
            hiddenFds = new int[grown];
            capacity = grown;
        }
        set(0, wakeupFd, POLLIN);
        int i = 1;
        hiddenCount = 0;
        for (Map.Entry<Integer, Integer> e : registrations.entrySet()) {
            int fd = e.getKey();
            if (Wakeup.isWakeupFd(fd)) {
                hidden[hiddenCount] = i;
                hiddenFds[hiddenCount++] = fd;
            }
            set(i++, fd, e.getValue());
        }
        size = n;
    }

    /**
     * poll(2) over the array through {@link Waits#poll}, {@code timeoutMillis < 0} blocking;
     * then, if the wakeup fd (entry 0) was reported, it is read empty (it is level-triggered).
     * Returns the number of ready registrations, whose indexes {@link #readyIndex} gives in
     * array order. Entries holding a wakeup's number are hidden from the kernel and come back
     * POLLNVAL.
     */
    public int waitIn(int timeoutMillis, Wakeup wakeup) throws ErrnoException, InterruptedIOException {
        int hidden = hideWakeupNumbers();
        int n = Waits.poll(segment, size, hidden > 0 ? 0 : timeoutMillis) + reportHiddenAsInvalid();
        if (n > 0 && revents(0) != 0) {
            wakeup.drain();
            n--;
        }
        return n == 0 ? 0 : collect(n);
    }

    /** Before poll(2): the entries holding a wakeup's number get fd -1; returns how many. */
    private int hideWakeupNumbers() {
        for (int k = 0; k < hiddenCount; k++) {
            PollFdStruct.setFd(segment, hidden[k], -1);
        }
        return hiddenCount;
    }

    /** After poll(2): those entries get their number back, with revents POLLNVAL; returns how many. */
    private int reportHiddenAsInvalid() {
        for (int k = 0; k < hiddenCount; k++) {
            PollFdStruct.setFd(segment, hidden[k], hiddenFds[k]);
            PollFdStruct.setRevents(segment, hidden[k], POLLNVAL);
        }
        return hiddenCount;
    }

    private void set(int i, int fd, int events) {
        PollFdStruct.set(segment, i, fd, events);
    }

    /** The native array itself: for tests of when it is reused and freed. */
    public MemorySegment segment() {
        return segment;
    }

    /** The number of pollfd entries in use. */
    public int size() {
        return size;
    }

    public int fd(int i) {
        return PollFdStruct.fd(segment, i);
    }

    public int events(int i) {
        return PollFdStruct.events(segment, i);
    }

    public int revents(int i) {
        return PollFdStruct.revents(segment, i);
    }

    /**
     * After poll(2) reported {@code count} ready registrations (not counting the wakeup fd):
     * records their indexes, in array order, for {@link #readyIndex}; returns how many it found.
     */
    private int collect(int count) {
        int found = 0;
        for (int i = 1; i < size && found < count; i++) {
            if (revents(i) != 0) {
                ready[found++] = i;
            }
        }
        return found;
    }

    /** The array index of the {@code k}-th ready registration found by the last {@link #waitIn}. */
    public int readyIndex(int k) {
        return ready[k];
    }
}
