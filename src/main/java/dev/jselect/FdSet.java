package dev.jselect;

import dev.jselect.internal.Platform;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * C's {@code fd_set} with the FD_ZERO/FD_SET/FD_CLR/FD_ISSET macros done in Java and
 * bounds-checked: an fd outside {@code 0 <= fd < FD_SETSIZE} is an
 * {@link IllegalArgumentException}, where glibc's macros would write past the set.
 *
 * <p>The bits live on the Java heap in glibc's layout (fd {@code n} is bit {@code n % 64} of the
 * {@code n / 64}-th {@code long}), so a set is copied to and from native memory as whole words.
 * Not thread-safe.
 */
public final class FdSet {
    private static final int FD_SETSIZE = Platform.constant("FD_SETSIZE");

    private final long[] words = new long[(FD_SETSIZE + 63) / 64];

    /** An empty set. */
    public FdSet() {}

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
        java.util.Arrays.fill(words, 0);
    }

    /** Bytes of native {@code fd_set} this set occupies. */
    static long byteSize() {
        return (long) ((FD_SETSIZE + 63) / 64) * Long.BYTES;
    }

    /** Writes this set into the native {@code fd_set} at {@code dst}. */
    void copyTo(MemorySegment dst) {
        MemorySegment.copy(words, 0, dst, ValueLayout.JAVA_LONG, 0, words.length);
    }

    /** Replaces this set by the native {@code fd_set} at {@code src}. */
    void copyFrom(MemorySegment src) {
        MemorySegment.copy(src, ValueLayout.JAVA_LONG, 0, words, 0, words.length);
    }

    private static int word(int fd) {
        if (fd < 0 || fd >= FD_SETSIZE) {
            throw new IllegalArgumentException("file descriptor " + fd + " out of range for an fd_set (0.." + (FD_SETSIZE - 1) + ")");
        }
        return fd >>> 6;
    }

    private static long bit(int fd) {
        return 1L << (fd & 63);
    }

    /** The members, as {@code FdSet[3, 7]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FdSet[");
        for (int fd = 0; fd < FD_SETSIZE; fd++) {
            if (isSet(fd)) {
                sb.append(sb.length() > 6 ? ", " : "").append(fd);
            }
        }
        return sb.append(']').toString();
    }
}
