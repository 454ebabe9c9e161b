package dev.jselect.internal.wait;

import dev.jselect.internal.sys.Platform;

import dev.jselect.internal.sys.ErrnoNames;

import dev.jselect.internal.sys.WaitCalls;

import dev.jselect.internal.NativeMemory;
import dev.jselect.internal.Scratch;

import dev.jselect.ErrnoException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * {@code struct epoll_event} and its marshalling: an array of them for epoll_wait(2) to fill,
 * read by index, and the single event epoll_ctl(2) takes. The layout comes from the ABI
 * (packed, 12 bytes, on x86_64; 16 bytes on aarch64), so every access is unaligned-safe and by
 * offset.
 *
 * <p>An object's own array is lent to one wait at a time ({@link #lease}); a wait that finds it
 * lent gets a temporary array of the same size, freed when given back, so concurrent waits never
 * share one. A wait that fills the whole array doubles it when giving it back, as Netty's
 * {@code EpollEventArray.increase()}, so the next wait can take more events.
 *
 * <p>Memory: the array owns its arena. Growing replaces the arena (the old one is closed at once),
 * {@link #close()} closes it. Only the holder of the lease grows it, and the owner closes it only
 * once no wait is in progress, so neither can happen under a wait.
 */
public final class EpollEventArray implements AutoCloseable {
    private static final @Nullable GroupLayout LAYOUT = Platform.hasEpoll() ? Platform.abi().layout("epoll_event") : null;
    private static final long SIZE = LAYOUT == null ? 0 : LAYOUT.byteSize();
    private static final long EVENTS = offset("events");
    private static final long DATA = offset("data");

    /**
     * The most events a temporary array holds (768 KiB on x86_64): a {@code maxevents} beyond
     * what the object's array holds is capped here, so no argument can ask for gigabytes.
     */
    public static final int LARGEST_TEMPORARY = 1 << 16;

    private final boolean shared;
    private final AtomicBoolean lent = new AtomicBoolean();
    private Arena arena;
    private MemorySegment segment;
    private int capacity;
    private int lastCount; // what the last waitIn returned: the whole array means it may grow

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
            segment = a.allocate(SIZE * n, LAYOUT == null ? 1 : LAYOUT.byteAlignment()); // null: never called
        } catch (RuntimeException | Error e) {
            a.close();
            throw e;
        }
        arena = a;
        capacity = n;
    }

    /**
     * An array for one wait of up to {@code maxevents} events (-1: as many as this array holds):
     * this array, grown first if {@code maxevents} is more than it holds but at most twice as
     * many. Otherwise, while another wait holds this array or for a larger {@code maxevents}, a
     * temporary array (of at most {@link #LARGEST_TEMPORARY} events), as CPython allocates one
     * per call. Pair with {@link #giveBack} in a finally block.
     */
    public EpollEventArray lease(int maxevents) {
        if (lent.compareAndSet(false, true)) {
            if (maxevents <= capacity) {
                return this;
            }
            if (maxevents <= 2L * capacity) {
                try {
                    grow(2 * capacity);
                } catch (RuntimeException | Error e) {
                    lent.set(false);
                    throw e;
                }
                return this;
            }
            lent.set(false);
        }
        int c = capacity;
        return new EpollEventArray(maxevents <= c ? c : Math.min(maxevents, LARGEST_TEMPORARY), false);
    }

    /** Replaces the array by one of {@code n} events; under the lease. */
    private void grow(int n) {
        Arena old = arena;
        allocate(n);
        old.close();
    }

    /**
     * Ends the lease of {@code events} (this array or a temporary one, which is freed). If its
     * last wait returned as many events as this array holds, this array grows (at least
     * doubling) so that the next wait can take them all, unless another wait holds it.
     */
    public void giveBack(EpollEventArray events) {
        int got = events.lastCount;
        if (events != this) {
            events.close();
            if (got < capacity || !lent.compareAndSet(false, true)) {
                return;
            }
        }
        try {
            if (got >= capacity && capacity <= LARGEST_TEMPORARY) {
                grow(Math.max(got + 1, 2 * capacity));
            }
        } finally {
            lent.setRelease(false); // a lock's release: the next lease's compareAndSet sees all this wait wrote, no fence needed
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
     * epoll_wait(2) on {@code epfd} into the first {@code maxevents} entries (-1: all of them),
     * through {@link Waits#epollWait}, then every jselect wakeup's event taken out ({@code own}'s,
     * which is consumed, or another object's sharing the interest list): the count of the
     * caller's ready fds, at indexes 0 .. count-1. A signal of {@code own} not yet seen makes the
     * wait return at once, even if another object sharing the interest list took its edge.
     * {@code timeoutMillis < 0} blocks.
     */
    public int waitIn(int epfd, int maxevents, int timeoutMillis, Wakeup own) throws ErrnoException, InterruptedIOException {
        int n = maxevents == -1 ? capacity : Math.min(maxevents, capacity);
        int ready = Waits.epollWait(epfd, segment, n, own.consume() ? 0 : timeoutMillis);
        lastCount = ready;
        for (int i = 0; i < ready; ) {
            long data = data(i);
            if (Wakeup.isWakeupData(data)) {
                if (data == own.epollData()) {
                    own.consume(); // edge-triggered: the event was the signal, nothing to read
                }
                move(--ready, i);
            } else {
                i++;
            }
        }
        return ready;
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
        try (Scratch sc = Scratch.take()) {
            MemorySegment event = sc.epollEvent;
            event.set(ValueLayout.JAVA_INT_UNALIGNED, EVENTS, events);
            event.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA, data);
            return WaitCalls.tryEpollCtl(sc, epfd, op, fd, event);
        }
    }

    /** Frees the array (its arena); it must not be used after. */
    @Override
    public void close() {
        arena.close();
    }
}
