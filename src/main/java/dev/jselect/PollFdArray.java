package dev.jselect;

import dev.jselect.internal.Platform;
import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The native {@code struct pollfd} array of one {@link Poll} (CPython's {@code ufds}): filled from
 * the registrations only when they changed, and read by index after a wait. Only the thread inside
 * {@link Poll#poll()} touches it.
 *
 * <p>Memory: one segment from an automatic arena, since a Poll (like Python's) has no close();
 * it is replaced, and the old one left to the garbage collector, only when more fds are
 * registered than it holds.
 */
final class PollFdArray {
    private static final GroupLayout LAYOUT = Platform.isSupported() ? Platform.abi().layout("pollfd") : null;
    private static final long SIZE = LAYOUT == null ? 0 : LAYOUT.byteSize();
    private static final long FD = offset("fd");
    private static final long EVENTS = offset("events");
    private static final long REVENTS = offset("revents");

    private MemorySegment segment = MemorySegment.NULL;
    private int capacity;
    private int size;

    private static long offset(String field) {
        return LAYOUT == null ? 0 : LAYOUT.byteOffset(PathElement.groupElement(field));
    }

    /** Rewrites the array from {@code registrations} (fd to event mask), in their order. */
    void fill(Map<Integer, Integer> registrations) {
        int n = registrations.size();
        if (n > capacity) {
            int grown = Math.max(n, 2 * capacity);
            segment = Arena.ofAuto().allocate(SIZE * grown, LAYOUT.byteAlignment());
            capacity = grown;
        }
        int i = 0;
        for (Map.Entry<Integer, Integer> e : registrations.entrySet()) {
            long base = i++ * SIZE;
            segment.set(ValueLayout.JAVA_INT, base + FD, e.getKey());
            segment.set(ValueLayout.JAVA_SHORT, base + EVENTS, (short) (int) e.getValue());
            segment.set(ValueLayout.JAVA_SHORT, base + REVENTS, (short) 0);
        }
        size = n;
    }

    /** The array to hand to poll(2); {@link MemorySegment#NULL} while nothing was registered. */
    MemorySegment segment() {
        return segment;
    }

    /** The number of pollfd entries in use. */
    int size() {
        return size;
    }

    int fd(int i) {
        return segment.get(ValueLayout.JAVA_INT, i * SIZE + FD);
    }

    int events(int i) {
        return Short.toUnsignedInt(segment.get(ValueLayout.JAVA_SHORT, i * SIZE + EVENTS));
    }

    int revents(int i) {
        return Short.toUnsignedInt(segment.get(ValueLayout.JAVA_SHORT, i * SIZE + REVENTS));
    }

    /** The {@code ready} entries with a non-zero revents, in array order, after poll(2) returned {@code ready}. */
    List<PollFd> ready(int ready) {
        List<PollFd> out = new ArrayList<>(ready);
        for (int i = 0; i < size && out.size() < ready; i++) {
            int revents = revents(i);
            if (revents != 0) {
                out.add(new PollFd(fd(i), events(i), revents));
            }
        }
        return out;
    }
}
