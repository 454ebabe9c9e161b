package dev.jselect.internal.wait;

import dev.jselect.internal.sys.Platform;

import dev.jselect.internal.sys.ErrnoNames;

import dev.jselect.internal.sys.WaitCalls;

import dev.jselect.internal.NativeMemory;

import dev.jselect.ErrnoException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct epoll_event} and its marshalling: an array of them for epoll_wait(2) to fill,
 * read by index, and the single event epoll_ctl(2) takes. The layout comes from the ABI
 * (packed, 12 bytes, on x86_64; 16 bytes on aarch64), so every access is unaligned-safe and by
 * offset.
 *
 * <p>Memory: the array owns its arena. Growing replaces the arena (the old one is closed at once),
 * {@link #close()} closes it. Whoever holds the array is its only user, so neither can happen
 * under a wait.
 */
public final class EpollEventArray implements AutoCloseable {
    private static final GroupLayout LAYOUT = Platform.hasEpoll() ? Platform.abi().layout("epoll_event") : null;
    private static final long SIZE = LAYOUT == null ? 0 : LAYOUT.byteSize();
    private static final long EVENTS = offset("events");
    private static final long DATA = offset("data");
    /** Per-thread epoll_ctl argument, freed with the thread (automatic arena). */
    private static final ThreadLocal<MemorySegment> CTL_EVENT = ThreadLocal.withInitial(() -> NativeMemory.ofAuto().allocate(LAYOUT));

    private final boolean shared;
    private Arena arena;
    private MemorySegment segment;
    private int capacity;

    /**
     * An array of {@code capacity} events; {@code shared} when other threads may use or close it
     * later (an Epoll's own buffer), confined for a single wait on this thread.
     */
    public EpollEventArray(int capacity, boolean shared) {
        this.shared = shared;
        allocate(capacity);
    }

    private static long offset(String field) {
        return LAYOUT == null ? 0 : LAYOUT.byteOffset(PathElement.groupElement(field));
    }

    private void allocate(int n) {
        Arena a = shared ? NativeMemory.ofShared() : NativeMemory.ofConfined();
        try {
            segment = a.allocate(SIZE * n, LAYOUT.byteAlignment());
        } catch (RuntimeException | Error e) {
            a.close();
            throw e;
        }
        arena = a;
        capacity = n;
    }

    /** Makes room for at least {@code n} events, at least doubling, so growth is rare. */
    public void ensureCapacity(int n) {
        if (n > capacity) {
            Arena old = arena;
            allocate(Math.max(n, (int) Math.min(Integer.MAX_VALUE, 2L * capacity)));
            old.close();
        }
    }

    public int capacity() {
        return capacity;
    }

    /** The native array itself: for tests of when it is reused and freed. */
    public MemorySegment segment() {
        return segment;
    }

    /**
     * epoll_wait(2) on {@code epfd} into the first {@code maxevents} entries, through
     * {@link Waits#epollWait}; {@code timeoutMillis < 0} blocks. Returns the number of events.
     */
    public int waitIn(int epfd, int maxevents, int timeoutMillis) throws ErrnoException, InterruptedIOException {
        return Waits.epollWait(epfd, segment, maxevents, timeoutMillis);
    }

    /** The fd of the i-th event (epoll_data.fd, as Epoll registers it). */
    public int fd(int i) {
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, i * SIZE + DATA);
    }

    /** The whole epoll_data of the i-th event: a caller's fd in the low 32 bits, 0 above. */
    public long data(int i) {
        return segment.get(ValueLayout.JAVA_LONG_UNALIGNED, i * SIZE + DATA);
    }

    /** The events mask of the i-th event. */
    public int events(int i) {
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, i * SIZE + EVENTS);
    }

    /** Copies event {@code from} over event {@code to}: removes {@code to} from a result whose last event is {@code from}. */
    public void move(int from, int to) {
        MemorySegment.copy(segment, from * SIZE, segment, to * SIZE, SIZE);
    }

    /**
     * epoll_ctl(2) on {@code epfd} with one event (mask and epoll_data) written into this
     * thread's argument. A caller's fd is passed as the data {@code fd & 0xFFFFFFFF}, so
     * {@link #fd} reads it back (epoll runs on little-endian machines only: x86_64, aarch64).
     */
    public static void ctl(int epfd, int op, int fd, int events, long data) throws ErrnoException {
        int r = tryCtl(epfd, op, fd, events, data);
        if (r < 0) {
            throw ErrnoNames.exception(-r, "epoll_ctl");
        }
    }

    /** {@link #ctl} with failure as minus the errno, no exception built: for the poller's expected ENOENT. */
    public static int tryCtl(int epfd, int op, int fd, int events, long data) {
        MemorySegment event = CTL_EVENT.get();
        event.set(ValueLayout.JAVA_INT_UNALIGNED, EVENTS, events);
        event.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA, data);
        return WaitCalls.tryEpollCtl(epfd, op, fd, event);
    }

    /** Frees the array (its arena); it must not be used after. */
    @Override
    public void close() {
        arena.close();
    }
}
