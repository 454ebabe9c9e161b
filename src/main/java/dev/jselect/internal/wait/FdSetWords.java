package dev.jselect.internal.wait;

import dev.jselect.internal.Scratch;

import dev.jselect.internal.sys.Constants;

import dev.jselect.ErrnoException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * C's {@code fd_set} and its marshalling: the bits on the Java heap in glibc's layout (fd
 * {@code n} is bit {@code n % 64} of the {@code n / 64}-th {@code long}), bounds-checked, and
 * select(2) over up to three of them, staged as whole words in this thread's native fd_sets.
 * Not thread-safe.
 */
public final class FdSetWords {
    /** FD_SETSIZE: 1024 on Linux and macOS. */
    public static final int SIZE = Constants.FD_SETSIZE;
    private static final int WORDS = (SIZE + 63) / 64;

    private final long[] words = new long[WORDS];

    /** {@code FD_SET(fd, &set)}. */
    public void set(int fd) {
        words[word(fd)] |= bit(fd);
    }

    /** {@code FD_CLR(fd, &set)}. */
    public void clear(int fd) {
        words[word(fd)] &= ~bit(fd);
    }

    /** {@code FD_ISSET(fd, &set)}. */
    public boolean isSet(int fd) {
        return (words[word(fd)] & bit(fd)) != 0;
    }

    /** {@code FD_ZERO(&set)}. */
    public void zero() {
        Arrays.fill(words, 0);
    }

    /**
     * select(2) over the first {@code nfds} fds of the given sets (null for none), which are
     * replaced by the ready fds, as in C, through {@link Waits#select}. {@code timeoutMicros < 0}
     * blocks. Allocates nothing. Returns the number of ready fds.
     */
    public static int select(int nfds, @Nullable FdSetWords r, @Nullable FdSetWords w, @Nullable FdSetWords x, long timeoutMicros)
            throws ErrnoException, InterruptedIOException {
        try (Scratch sc = Scratch.take()) { // on a virtual thread, held while it parks: the sets stay staged
            MemorySegment rn = stage(r, sc.readSet);
            MemorySegment wn = stage(w, sc.writeSet);
            MemorySegment xn = stage(x, sc.exceptSet);
            int n = Waits.select(nfds, rn, wn, xn, timeoutMicros);
            unstage(r, rn);
            unstage(w, wn);
            unstage(x, xn);
            return n;
        }
    }

    private static MemorySegment stage(@Nullable FdSetWords set, MemorySegment slot) {
        if (set == null) {
            return MemorySegment.NULL;
        }
        MemorySegment.copy(set.words, 0, slot, ValueLayout.JAVA_LONG, 0, WORDS);
        return slot;
    }

    private static void unstage(@Nullable FdSetWords set, MemorySegment slot) {
        if (set != null) {
            MemorySegment.copy(slot, ValueLayout.JAVA_LONG, 0, set.words, 0, WORDS);
        }
    }

    private static int word(int fd) {
        if (fd < 0 || fd >= SIZE) {
            throw new IllegalArgumentException("file descriptor " + fd + " out of range for an fd_set (0.." + (SIZE - 1) + ")");
        }
        return fd >>> 6;
    }

    private static long bit(int fd) {
        return 1L << (fd & 63);
    }
}
