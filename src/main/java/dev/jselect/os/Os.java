package dev.jselect.os;

import dev.jselect.internal.FdCalls;
import dev.jselect.internal.FdCloses;
import dev.jselect.internal.Constants;
import dev.jselect.ErrnoException;
import dev.jselect.internal.Errno;
import dev.jselect.internal.FdIo;
import dev.jselect.internal.Platform;
import dev.jselect.internal.Staging;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The few functions of Python's {@code os} module that select programs use, on raw fds. As in
 * Python, a bad descriptor (negative, closed) is the kernel's EBADF, an {@link ErrnoException}.
 *
 * <p>On a virtual thread, {@link #read}, {@link #readInto} and every {@code write} on an fd in
 * blocking mode park the thread until the fd is ready instead of blocking its carrier (a staging
 * buffer is taken only after the wait); the fd's mode is never changed
 * (it may be shared with other processes). A blocking write is then done in pieces of PIPE_BUF
 * bytes, each sure to fit, and returns when all is written, as a blocking write(2) to a pipe
 * does. An interrupted virtual thread's call ends with {@link InterruptedIOException}, whose
 * {@code bytesTransferred} counts what was written. An fd in non-blocking mode behaves as on any
 * thread (EAGAIN).
 */
public final class Os {
    private static final int O_CLOEXEC = Constants.O_CLOEXEC;
    private static final int O_NONBLOCK = Constants.O_NONBLOCK;
    private static final int F_GETFD = Constants.F_GETFD;
    private static final int F_SETFD = Constants.F_SETFD;
    private static final int F_GETFL = Constants.F_GETFL;
    private static final int F_SETFL = Constants.F_SETFL;
    private static final int F_DUPFD_CLOEXEC = Constants.F_DUPFD_CLOEXEC;
    private static final int FD_CLOEXEC = Constants.FD_CLOEXEC;

    private Os() {}

    /** Python {@code os.pipe()}: a new pipe whose ends are not inherited by child processes (O_CLOEXEC). */
    public static Pipe pipe() throws IOException {
        int[] fds = FdCalls.pipe2(O_CLOEXEC);
        return new Pipe(fds[0], fds[1]);
    }

    /**
     * Python {@code os.read(fd, n)}: at most {@code n} bytes, and at most {@link Staging#LIMIT}
     * in one call (a short count, which read(2) allows anyway), so a huge {@code n} never stages
     * more native memory than that; an array of exactly the length read, empty at end of file.
     */
    public static byte[] read(int fd, int n) throws IOException {
        if (n < 0) {
            throw Errno.exception(Constants.EINVAL, "read"); // as Python's os.read(fd, -1)
        }
        return FdIo.read(fd, n);
    }

    /**
     * Python {@code os.readv(fd, [buffer])} for one buffer: reads into {@code dst} from its
     * position up to its limit, advances the position and returns the count (0 at end of file).
     * A direct buffer is read into without copying; a heap buffer gets at most
     * {@link Staging#LIMIT} bytes in one call.
     */
    public static int readInto(int fd, ByteBuffer dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read-only buffer");
        }
        return FdIo.readInto(fd, dst);
    }

    /**
     * Python {@code os.write(fd, data)}: the number of bytes actually written, at most
     * {@link Staging#LIMIT} in one call (a short count, which write(2) allows anyway).
     */
    public static int write(int fd, byte[] data) throws IOException {
        return write(fd, data, 0, data.length);
    }

    /**
     * Python {@code os.write(fd, memoryview(data)[off:off + len])}: as {@link #write(int, byte[])}
     * for a slice of {@code data}, copied no further than one call moves.
     *
     * @throws IndexOutOfBoundsException when {@code off}/{@code len} fall outside {@code data}
     */
    public static int write(int fd, byte[] data, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        return FdIo.write(fd, data, off, len);
    }

    /**
     * Python {@code os.write(fd, buffer)}: writes from {@code src}'s position up to its limit,
     * advances the position past what was written and returns that count. A direct buffer is
     * written without copying; a heap buffer stages at most {@link Staging#LIMIT} bytes.
     */
    public static int write(int fd, ByteBuffer src) throws IOException {
        return FdIo.write(fd, src);
    }

    /**
     * Python {@code os.close(fd)}. A virtual thread parked in {@link #read}, {@link #readInto} or
     * a {@code write} on {@code fd} wakes and fails with EBADF, as the call would after the close;
     * it never goes on with a file that gets the number afterwards.
     */
    public static void close(int fd) throws IOException {
        PipeFds.forget(fd);
        FdCloses.closing(fd, true);
        try {
            FdCalls.close(fd);
        } finally {
            FdCloses.closing(fd, false);
        }
    }

    /** Python {@code os.dup(fd)}: the lowest free fd, close-on-exec like Python's non-inheritable duplicate. */
    public static int dup(int fd) throws IOException {
        return FdCalls.fcntl(fd, F_DUPFD_CLOEXEC, 0);
    }

    /** Python {@code os.get_inheritable(fd)}: true when FD_CLOEXEC is clear. */
    public static boolean getInheritable(int fd) throws IOException {
        return (FdCalls.fcntl(fd, F_GETFD, 0) & FD_CLOEXEC) == 0;
    }

    /** Python {@code os.set_inheritable(fd, inheritable)}. */
    public static void setInheritable(int fd, boolean inheritable) throws IOException {
        int flags = FdCalls.fcntl(fd, F_GETFD, 0);
        int wanted = inheritable ? flags & ~FD_CLOEXEC : flags | FD_CLOEXEC;
        if (wanted != flags) {
            FdCalls.fcntl(fd, F_SETFD, wanted);
        }
    }

    /** Python {@code os.set_blocking(fd, blocking)}: clears or sets O_NONBLOCK. */
    public static void setBlocking(int fd, boolean blocking) throws IOException {
        int flags = FdCalls.fcntl(fd, F_GETFL, 0);
        int wanted = blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK;
        if (wanted != flags) {
            FdCalls.fcntl(fd, F_SETFL, wanted);
        }
    }

    /** Python {@code os.get_blocking(fd)}: false when O_NONBLOCK is set. */
    public static boolean getBlocking(int fd) throws IOException {
        return (FdCalls.fcntl(fd, F_GETFL, 0) & O_NONBLOCK) == 0;
    }
}
