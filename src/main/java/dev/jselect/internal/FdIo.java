package dev.jselect.internal;

import dev.jselect.internal.sys.FdCalls;

import dev.jselect.internal.wait.Waits;

import dev.jselect.internal.sys.Constants;

import dev.jselect.ErrnoException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

/**
 * read(2) and write(2) on a raw fd with Java arrays and buffers (Python's {@code os.read} and
 * {@code os.write}): direct buffers go to the kernel as they are, heap bytes through a
 * {@link Staging} buffer held for one call, at most {@link Staging#LIMIT} of them (a short count,
 * which read and write allow anyway).
 *
 * <p>On a virtual thread a call on an fd in blocking mode parks until the fd is ready instead of
 * blocking its carrier; the fd's mode is never changed (it may be shared with other processes).
 * A blocking write is then done in pieces of PIPE_BUF bytes, each sure to fit, until all is
 * written, as a blocking write(2) to a pipe does; an interrupt ends it with
 * {@link InterruptedIOException}, whose {@code bytesTransferred} counts what was written.
 */
public final class FdIo {
    private static final int POLLIN = Constants.POLLIN;
    private static final int POLLOUT = Constants.POLLOUT;
    /** What one write to a writable pipe is sure to take without blocking. */
    private static final int PIPE_BUF = Constants.PIPE_BUF;

    private FdIo() {}

    /** At most {@code n} bytes (and at most {@link Staging#LIMIT}), in an array of exactly the length read. */
    public static byte[] read(int fd, int n) throws IOException {
        long size = Math.min(n, Staging.LIMIT);
        awaitReadable(fd);
        try (Staging.Staged staged = Staging.take(size)) {
            MemorySegment buf = staged.segment();
            int got = (int) FdCalls.read(fd, buf, size);
            byte[] data = new byte[got];
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, data, 0, got);
            return data;
        }
    }

    /** Reads into {@code dst} from its position up to its limit; the position advances by the count. */
    public static int readInto(int fd, ByteBuffer dst) throws IOException {
        MemorySegment target = MemorySegment.ofBuffer(dst);
        awaitReadable(fd);
        int got;
        if (target.isNative()) {
            got = (int) FdCalls.read(fd, target, target.byteSize());
        } else {
            long size = Math.min(target.byteSize(), Staging.LIMIT);
            try (Staging.Staged staged = Staging.take(size)) {
                MemorySegment buf = staged.segment();
                got = (int) FdCalls.read(fd, buf, size);
                MemorySegment.copy(buf, 0, target, 0, got);
            }
        }
        dst.position(dst.position() + got);
        return got;
    }

    /** On a virtual thread, parks until {@code fd} is readable (unless it is in non-blocking mode); staging is taken after. */
    private static void awaitReadable(int fd) throws IOException {
        if (Waits.mustPark()) {
            Waits.parkUntilReady(fd, POLLIN);
        }
    }

    /** Writes {@code len} bytes of {@code data} from {@code off}: the count written. */
    public static int write(int fd, byte[] data, int off, int len) throws IOException {
        return write(fd, MemorySegment.ofArray(data), off, len);
    }

    /** Writes from {@code src}'s position up to its limit; the position advances by the count. */
    public static int write(int fd, ByteBuffer src) throws IOException {
        MemorySegment source = MemorySegment.ofBuffer(src);
        int written = write(fd, source, 0, source.byteSize());
        src.position(src.position() + written);
        return written;
    }

    /** Up to {@code len} bytes of {@code source} from {@code off} (heap bytes: at most {@link Staging#LIMIT}); a virtual thread parks. */
    private static int write(int fd, MemorySegment source, long off, long len) throws IOException {
        long size = source.isNative() ? len : Math.min(len, Staging.LIMIT);
        return Waits.mustPark() ? writeParking(fd, source, off, size) : writeOnce(fd, source, off, size);
    }

    /** A virtual thread's write: pieces that fit, parking while the fd is full. */
    private static int writeParking(int fd, MemorySegment source, long off, long size) throws IOException {
        int done = 0;
        try {
            while (done < size) {
                if (!Waits.parkUntilReady(fd, POLLOUT)) { // non-blocking mode: one plain write
                    return done > 0 ? done : writeOnce(fd, source, off, size);
                }
                done += writeOnce(fd, source, off + done, Math.min(size - done, PIPE_BUF));
            }
            return done;
        } catch (InterruptedIOException e) {
            e.bytesTransferred = done;
            throw e;
        }
    }

    /** One write(2): native memory as it is, heap bytes through a staging buffer held for this call only. */
    private static int writeOnce(int fd, MemorySegment source, long off, long len) throws ErrnoException {
        if (source.isNative()) {
            return (int) FdCalls.write(fd, source.asSlice(off), len);
        }
        try (Staging.Staged staged = Staging.take(len)) {
            MemorySegment buf = staged.segment();
            MemorySegment.copy(source, off, buf, 0, len);
            return (int) FdCalls.write(fd, buf, len);
        }
    }
}
