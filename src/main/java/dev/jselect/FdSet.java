package dev.jselect;

import dev.jselect.internal.wait.FdSetWords;

/**
 * C's {@code fd_set} with the FD_ZERO/FD_SET/FD_CLR/FD_ISSET macros done in Java and
 * bounds-checked: an fd outside {@code 0 <= fd < FD_SETSIZE} is an
 * {@link IllegalArgumentException}, where glibc's macros would write past the set.
 *
 * <p>The bits live on the Java heap in glibc's layout, and are copied to and from native memory
 * as whole words for select(2). Not thread-safe.
 */
public final class FdSet {
    final FdSetWords bits = new FdSetWords(); // package-private: Select hands it to select(2)

    /** An empty set. */
    public FdSet() {}

    /**
     * {@code FD_SET(fd, &set)}.
     *
     * @param fd a file descriptor
     */
    public void set(int fd) {
        bits.set(fd);
    }

    /**
     * {@code FD_CLR(fd, &set)}.
     *
     * @param fd a file descriptor
     */
    public void clear(int fd) {
        bits.clear(fd);
    }

    /**
     * {@code FD_ISSET(fd, &set)}.
     *
     * @param fd a file descriptor
     * @return whether {@code fd} is in the set
     */
    public boolean isSet(int fd) {
        return bits.isSet(fd);
    }

    /** {@code FD_ZERO(&set)}. */
    public void zero() {
        bits.zero();
    }

    /** The members, as {@code FdSet[3, 7]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FdSet[");
        for (int fd = 0; fd < FdSetWords.SIZE; fd++) {
            if (isSet(fd)) {
                sb.append(sb.length() > 6 ? ", " : "").append(fd);
            }
        }
        return sb.append(']').toString();
    }
}
