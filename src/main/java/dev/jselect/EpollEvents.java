package dev.jselect;

import dev.jselect.internal.Platform;
import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A native array of {@code struct epoll_event} for epoll_wait(2) to fill, read by index. The
 * layout comes from the ABI (packed, 12 bytes, on x86_64; 16 bytes on aarch64), so every access
 * is unaligned-safe and by offset.
 *
 * <p>Memory: the array owns its arena. Growing replaces the arena (the old one is closed at once),
 * {@link #close()} closes it. Whoever holds the array is its only user, so neither can happen
 * under a wait.
 */
final class EpollEvents implements AutoCloseable {
    static final GroupLayout LAYOUT = Platform.hasEpoll() ? Platform.abi().layout("epoll_event") : null;
    static final long SIZE = LAYOUT == null ? 0 : LAYOUT.byteSize();
    static final long EVENTS = offset("events");
    static final long DATA = offset("data");

    private final boolean shared;
    private Arena arena;
    private MemorySegment segment;
    private int capacity;

    /**
     * An array of {@code capacity} events; {@code shared} when other threads may use or close it
     * later (an Epoll's own buffer), confined for a single wait on this thread.
     */
    EpollEvents(int capacity, boolean shared) {
        this.shared = shared;
        allocate(capacity);
    }

    private static long offset(String field) {
        return LAYOUT == null ? 0 : LAYOUT.byteOffset(PathElement.groupElement(field));
    }

    private void allocate(int n) {
        Arena a = shared ? Arena.ofShared() : Arena.ofConfined();
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
    void ensureCapacity(int n) {
        if (n > capacity) {
            Arena old = arena;
            allocate(Math.max(n, (int) Math.min(Integer.MAX_VALUE, 2L * capacity)));
            old.close();
        }
    }

    int capacity() {
        return capacity;
    }

    MemorySegment segment() {
        return segment;
    }

    /** The fd of the i-th event (epoll_data.fd, as Epoll registers it). */
    int fd(int i) {
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, i * SIZE + DATA);
    }

    /** The whole epoll_data of the i-th event: a caller's fd in the low 32 bits, 0 above. */
    long data(int i) {
        return segment.get(ValueLayout.JAVA_LONG_UNALIGNED, i * SIZE + DATA);
    }

    /** The events mask of the i-th event. */
    int events(int i) {
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, i * SIZE + EVENTS);
    }

    /** Copies event {@code from} over event {@code to}: removes {@code to} from a result whose last event is {@code from}. */
    void move(int from, int to) {
        MemorySegment.copy(segment, from * SIZE, segment, to * SIZE, SIZE);
    }

    /** The first {@code n} events as records. */
    List<EpollEvent> toList(int n) {
        List<EpollEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new EpollEvent(fd(i), events(i)));
        }
        return out;
    }

    /**
     * Writes one event (mask and epoll_data) at index 0: the argument of epoll_ctl(2). A caller's
     * fd is written as the data {@code fd & 0xFFFFFFFF}, so {@link #fd} reads it back (epoll runs
     * on little-endian machines only: x86_64, aarch64).
     */
    static void write(MemorySegment event, long data, int events) {
        event.set(ValueLayout.JAVA_INT_UNALIGNED, EVENTS, events);
        event.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA, data);
    }

    @Override
    public void close() {
        arena.close();
    }
}
