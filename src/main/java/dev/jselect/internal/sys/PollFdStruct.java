package dev.jselect.internal.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jspecify.annotations.Nullable;

/**
 * {@code struct pollfd}: its size and the reads and writes of entry {@code i} of an array of them,
 * for every caller of poll(2) (a Poll's array, the one-fd waits, the parking waits, the poll(2)
 * poller). On an unsupported platform the layout is absent and nothing here is ever called.
 */
public final class PollFdStruct {
    private static final @Nullable GroupLayout LAYOUT = Platform.isSupported() ? Platform.abi().layout("pollfd") : null;
    /** The size of one entry. */
    public static final long SIZE = LAYOUT == null ? 0 : LAYOUT.byteSize();
    private static final long FD = offset("fd");
    private static final long EVENTS = offset("events");
    private static final long REVENTS = offset("revents");

    private PollFdStruct() {}

    private static long offset(String field) {
        return LAYOUT == null ? 0 : LAYOUT.byteOffset(PathElement.groupElement(field));
    }

    /** An array of {@code n} entries from {@code arena}. */
    public static MemorySegment allocate(Arena arena, long n) {
        return arena.allocate(SIZE * n, LAYOUT == null ? 1 : LAYOUT.byteAlignment()); // null: never called
    }

    /** Writes entry {@code i}: {@code fd}, {@code events}, and revents cleared. */
    public static void set(MemorySegment a, long i, int fd, int events) {
        long base = i * SIZE;
        a.set(ValueLayout.JAVA_INT, base + FD, fd);
        a.set(ValueLayout.JAVA_SHORT, base + EVENTS, (short) events);
        a.set(ValueLayout.JAVA_SHORT, base + REVENTS, (short) 0);
    }

    public static void setFd(MemorySegment a, long i, int fd) {
        a.set(ValueLayout.JAVA_INT, i * SIZE + FD, fd);
    }

    public static void setRevents(MemorySegment a, long i, int revents) {
        a.set(ValueLayout.JAVA_SHORT, i * SIZE + REVENTS, (short) revents);
    }

    public static int fd(MemorySegment a, long i) {
        return a.get(ValueLayout.JAVA_INT, i * SIZE + FD);
    }

    public static int events(MemorySegment a, long i) {
        return Short.toUnsignedInt(a.get(ValueLayout.JAVA_SHORT, i * SIZE + EVENTS));
    }

    public static int revents(MemorySegment a, long i) {
        return Short.toUnsignedInt(a.get(ValueLayout.JAVA_SHORT, i * SIZE + REVENTS));
    }
}
