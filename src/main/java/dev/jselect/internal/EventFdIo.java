package dev.jselect.internal;

import dev.jselect.internal.sys.Constants;

import dev.jselect.internal.sys.ErrnoNames;

import dev.jselect.internal.wait.Waits;

import dev.jselect.internal.sys.FdCalls;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The eight-byte reads and writes of an eventfd counter (glibc's eventfd_read/eventfd_write,
 * Python's {@code os.eventfd_read}/{@code os.eventfd_write}): the value is an unsigned 64-bit
 * number in native byte order, carried in a long.
 *
 * <p>On a virtual thread a call on an fd in blocking mode parks until the fd is ready (readable:
 * the counter is not zero; writable: the value fits below 2^64-1) instead of blocking its
 * carrier, as {@link FdIo} does. The eight bytes go through a {@link Staging} buffer held for
 * the one system call: a platform thread's own buffer, so nothing is allocated per call.
 */
public final class EventFdIo {
    private static final ValueLayout.OfLong COUNTER = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final int SIZE = 8;

    private EventFdIo() {}

    /** read(2) of the counter: its value (and zero after), or 1 in EFD_SEMAPHORE mode (and one less after). */
    public static long read(int fd) throws IOException {
        if (Waits.mustPark()) {
            Waits.parkUntilReady(fd, Constants.POLLIN);
        }
        try (Staging.Staged staged = Staging.take(SIZE)) {
            MemorySegment buf = staged.segment();
            long got = FdCalls.read(fd, buf, SIZE);
            if (got != SIZE) { // not an eventfd: glibc's eventfd_read fails here too
                throw ErrnoNames.exception(Constants.EINVAL, "eventfd_read");
            }
            return buf.get(COUNTER, 0);
        }
    }

    /** write(2) of {@code value} (unsigned) to add to the counter; the kernel refuses 2^64-1 with EINVAL. */
    public static void write(int fd, long value) throws IOException {
        if (Waits.mustPark()) {
            Waits.parkUntilReady(fd, Constants.POLLOUT);
        }
        try (Staging.Staged staged = Staging.take(SIZE)) {
            MemorySegment buf = staged.segment();
            buf.set(COUNTER, 0, value);
            long put = FdCalls.write(fd, buf, SIZE);
            if (put != SIZE) { // a pipe with less room: glibc's eventfd_write fails here too
                throw ErrnoNames.exception(Constants.EINVAL, "eventfd_write");
            }
        }
    }
}
