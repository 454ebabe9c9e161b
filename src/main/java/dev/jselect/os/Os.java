package dev.jselect.os;

import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.wait.FdCloses;
import dev.jselect.internal.sys.Constants;
import dev.jselect.ErrnoException;
import dev.jselect.internal.sys.ErrnoNames;
import dev.jselect.internal.EventFdIo;
import dev.jselect.internal.FdIo;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.ProcessCalls;
import dev.jselect.internal.sys.Syscall;
import dev.jselect.internal.sys.TimerCalls;
import dev.jselect.internal.sys.WaitCalls;
import dev.jselect.internal.Staging;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

/**
 * The few functions of Python's {@code os} module that select programs use, on raw fds, and
 * Python 3.9-3.13's fd sources (eventfd, timerfd, pidfd). As in Python, a bad descriptor
 * (negative, closed) is the kernel's EBADF, an {@link ErrnoException}; the eventfd and timerfd
 * calls, whose descriptor Python checks first, refuse a negative one with
 * {@link IllegalArgumentException} (Python's ValueError).
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

    /** eventfd(2) flag: the descriptor is closed on exec (the default of {@link #eventfd(int)}). 0 where there is no eventfd. */
    public static final int EFD_CLOEXEC = Constants.EFD_CLOEXEC;
    /** eventfd(2) flag: reads and writes that would block fail with EAGAIN instead. */
    public static final int EFD_NONBLOCK = Constants.EFD_NONBLOCK;
    /** eventfd(2) flag: each read takes 1 from the counter instead of all of it. */
    public static final int EFD_SEMAPHORE = Constants.EFD_SEMAPHORE;
    /** The settable wall clock, for {@link #timerfdCreate} and {@link #clockGettimeNs}. */
    public static final int CLOCK_REALTIME = Constants.CLOCK_REALTIME;
    /** The clock that never jumps and stops while the system is suspended. */
    public static final int CLOCK_MONOTONIC = Constants.CLOCK_MONOTONIC;
    /** As CLOCK_MONOTONIC, but counting time spent suspended (Linux). 0 where the platform lacks it. */
    public static final int CLOCK_BOOTTIME = Constants.CLOCK_BOOTTIME;
    /** timerfd_create(2) flag: reads that would block fail with EAGAIN instead. 0 where there is no timerfd. */
    public static final int TFD_NONBLOCK = Constants.TFD_NONBLOCK;
    /** timerfd_create(2) flag: closed on exec; {@link #timerfdCreate} always adds it, as Python does. */
    public static final int TFD_CLOEXEC = Constants.TFD_CLOEXEC;
    /** timerfd_settime(2) flag: {@code initial} is a time on the timer's clock, not a delay. */
    public static final int TFD_TIMER_ABSTIME = Constants.TFD_TIMER_ABSTIME;
    /** timerfd_settime(2) flag, with TFD_TIMER_ABSTIME on CLOCK_REALTIME: a read fails with ECANCELED when the clock is set. */
    public static final int TFD_TIMER_CANCEL_ON_SET = Constants.TFD_TIMER_CANCEL_ON_SET;

    private Os() {}

    /**
     * Python {@code os.pipe()}: a new pipe whose ends are not inherited by child processes (O_CLOEXEC).
     *
     * @return the read and write ends
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static Pipe pipe() throws IOException {
        int[] fds = FdCalls.pipe2(O_CLOEXEC);
        return new Pipe(fds[0], fds[1]);
    }

    /**
     * Python {@code os.read(fd, n)}: at most {@code n} bytes, and at most {@link Staging#LIMIT}
     * in one call (a short count, which read(2) allows anyway), so a huge {@code n} never stages
     * more native memory than that; an array of exactly the length read, empty at end of file.
     *
     * @param fd a file descriptor
     * @param n how many bytes at most
     * @return the bytes read; empty at end of file
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static byte[] read(int fd, int n) throws IOException {
        if (n < 0) {
            throw ErrnoNames.exception(Constants.EINVAL, "read"); // as Python's os.read(fd, -1)
        }
        return FdIo.read(fd, n);
    }

    /**
     * Python {@code os.readv(fd, [buffer])} for one buffer: reads into {@code dst} from its
     * position up to its limit, advances the position and returns the count (0 at end of file).
     * A direct buffer is read into without copying; a heap buffer gets at most
     * {@link Staging#LIMIT} bytes in one call.
     *
     * @param fd a file descriptor
     * @param dst the buffer the bytes are read into
     * @return how many bytes were read; 0 at end of file
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
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
     *
     * @param fd a file descriptor
     * @param data the bytes to write
     * @return how many bytes were written
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static int write(int fd, byte[] data) throws IOException {
        return write(fd, data, 0, data.length);
    }

    /**
     * Python {@code os.write(fd, memoryview(data)[off:off + len])}: as {@link #write(int, byte[])}
     * for a slice of {@code data}, copied no further than one call moves.
     *
     * @param fd a file descriptor
     * @param data the bytes to write
     * @param off where in the array the bytes start
     * @param len how many bytes at most
     * @return how many bytes were written
     * @throws IndexOutOfBoundsException when {@code off}/{@code len} fall outside {@code data}
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static int write(int fd, byte[] data, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        return FdIo.write(fd, data, off, len);
    }

    /**
     * Python {@code os.write(fd, buffer)}: writes from {@code src}'s position up to its limit,
     * advances the position past what was written and returns that count. A direct buffer is
     * written without copying; a heap buffer stages at most {@link Staging#LIMIT} bytes.
     *
     * @param fd a file descriptor
     * @param src the buffer whose remaining bytes are written
     * @return how many bytes were written
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static int write(int fd, ByteBuffer src) throws IOException {
        return FdIo.write(fd, src);
    }

    /**
     * Python {@code os.close(fd)}. A virtual thread parked in {@link #read}, {@link #readInto} or
     * a {@code write} on {@code fd} wakes and fails with EBADF, as the call would after the close;
     * it never goes on with a file that gets the number afterwards.
     *
     * @param fd a file descriptor
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
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

    /**
     * Python {@code os.dup(fd)}: the lowest free fd, close-on-exec like Python's non-inheritable duplicate.
     *
     * @param fd a file descriptor
     * @return the new file descriptor
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static int dup(int fd) throws IOException {
        return FdCalls.fcntl(fd, F_DUPFD_CLOEXEC, 0);
    }

    /**
     * Python {@code os.get_inheritable(fd)}: true when FD_CLOEXEC is clear.
     *
     * @param fd a file descriptor
     * @return whether a child process inherits the fd
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static boolean getInheritable(int fd) throws IOException {
        return (FdCalls.fcntl(fd, F_GETFD, 0) & FD_CLOEXEC) == 0;
    }

    /**
     * Python {@code os.set_inheritable(fd, inheritable)}.
     *
     * @param fd a file descriptor
     * @param inheritable whether a child process inherits the fd
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static void setInheritable(int fd, boolean inheritable) throws IOException {
        int flags = FdCalls.fcntl(fd, F_GETFD, 0);
        int wanted = inheritable ? flags & ~FD_CLOEXEC : flags | FD_CLOEXEC;
        if (wanted != flags) {
            FdCalls.fcntl(fd, F_SETFD, wanted);
        }
    }

    /**
     * Python {@code os.set_blocking(fd, blocking)}: clears or sets O_NONBLOCK.
     *
     * @param fd a file descriptor
     * @param blocking {@code true} for blocking, {@code false} for non-blocking
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static void setBlocking(int fd, boolean blocking) throws IOException {
        int flags = FdCalls.fcntl(fd, F_GETFL, 0);
        int wanted = blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK;
        if (wanted != flags) {
            FdCalls.fcntl(fd, F_SETFL, wanted);
        }
    }

    /**
     * Python {@code os.get_blocking(fd)}: false when O_NONBLOCK is set.
     *
     * @param fd a file descriptor
     * @return whether the fd is in blocking mode
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static boolean getBlocking(int fd) throws IOException {
        return (FdCalls.fcntl(fd, F_GETFL, 0) & O_NONBLOCK) == 0;
    }

    /**
     * Python {@code os.eventfd(initval)}: a new eventfd counter starting at {@code initval}, with
     * EFD_CLOEXEC (not inherited by child processes, PEP 446). Linux only; elsewhere
     * {@link UnsupportedOperationException}.
     *
     * @param initval the counter's initial value
     * @return the new eventfd's file descriptor
     * @throws IllegalArgumentException when {@code initval} is negative (Python's ValueError)
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static int eventfd(int initval) throws IOException {
        return eventfd(initval, EFD_CLOEXEC);
    }

    /**
     * Python {@code os.eventfd(initval, flags)}: a new eventfd counter with exactly these
     * EFD_CLOEXEC / EFD_NONBLOCK / EFD_SEMAPHORE {@code flags} (without EFD_CLOEXEC it is
     * inheritable). An unknown flag is the kernel's EINVAL.
     *
     * @param initval the counter's initial value
     * @param flags {@link #EFD_CLOEXEC}, {@link #EFD_NONBLOCK}, {@link #EFD_SEMAPHORE} OR'ed together, or 0
     * @return the new eventfd's file descriptor
     * @throws IllegalArgumentException when {@code initval} is negative (Python's ValueError)
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static int eventfd(int initval, int flags) throws IOException {
        if (initval < 0) {
            throw new IllegalArgumentException("initval must not be negative: " + initval);
        }
        return WaitCalls.eventfd(initval, flags);
    }

    /**
     * Python {@code os.eventfd_read(fd)}: reads the counter, an unsigned 64-bit number in a long
     * (read it with {@link Long#toUnsignedString(long)} and the like), and resets it to zero; in
     * EFD_SEMAPHORE mode returns 1 and takes 1 from it. Blocks while the counter is zero (a
     * virtual thread parks), unless the fd is non-blocking: then EAGAIN.
     *
     * @param fd an eventfd
     * @return the counter's value (1 in EFD_SEMAPHORE mode)
     * @throws IllegalArgumentException when {@code fd} is negative (Python's ValueError)
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static long eventfdRead(int fd) throws IOException {
        checkFd(fd);
        return EventFdIo.read(fd);
    }

    /**
     * Python {@code os.eventfd_write(fd, value)}: adds {@code value}, unsigned (use
     * {@link Long#parseUnsignedLong(String)} for values above {@link Long#MAX_VALUE}), to the
     * counter. Blocks while the sum would exceed 2^64-2 (a virtual thread parks), unless the fd
     * is non-blocking: then EAGAIN. The kernel refuses 2^64-1 ({@code -1L}) with EINVAL.
     *
     * @param fd an eventfd
     * @param value the amount to add to the counter
     * @throws IllegalArgumentException when {@code fd} is negative (Python's ValueError)
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static void eventfdWrite(int fd, long value) throws IOException {
        checkFd(fd);
        EventFdIo.write(fd, value);
    }

    /**
     * Python 3.13's {@code os.timerfd_create(clockid, flags=flags)}: a new timer descriptor on
     * {@code clockid} (CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME), disarmed. TFD_CLOEXEC is
     * always added, as Python does; TFD_NONBLOCK makes a read of an unexpired timer EAGAIN. A read
     * ({@link #read}, 8 bytes) returns the number of expirations since the last read, as an
     * unsigned native-order 64-bit number, and blocks until there is one (a virtual thread parks).
     * Linux only; elsewhere {@link UnsupportedOperationException}.
     *
     * @param clockid the clock, such as {@code CLOCK_MONOTONIC}
     * @param flags {@link #TFD_NONBLOCK}, {@link #TFD_CLOEXEC} OR'ed together, or 0
     * @return the new timerfd's file descriptor
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static int timerfdCreate(int clockid, int flags) throws IOException {
        return TimerCalls.timerfdCreate(clockid, flags | TFD_CLOEXEC);
    }

    /**
     * Python 3.13's {@code os.timerfd_settime(fd, flags=flags, initial=initial, interval=interval)}:
     * arms the timer to expire after {@code initial} (with TFD_TIMER_ABSTIME: at {@code initial} on
     * the timer's clock, see {@link #clockGettimeNs}) and then every {@code interval}; a zero
     * {@code initial} disarms it, a zero {@code interval} makes it one-shot. Returns the previous
     * setting. A negative duration is the kernel's EINVAL, as in Python.
     *
     * @param fd a timerfd
     * @param flags {@link #TFD_TIMER_ABSTIME}, {@link #TFD_TIMER_CANCEL_ON_SET} OR'ed together, or 0
     * @param initial the time to the first expiration, or the time of it with {@code TFD_TIMER_ABSTIME}; zero disarms
     * @param interval the period after that; zero for one expiration
     * @return the previous setting
     * @throws IllegalArgumentException when {@code fd} is negative (Python's ValueError), or a
     *         duration does not fit in a long of nanoseconds (Python's OverflowError)
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static TimerSpec timerfdSettime(int fd, int flags, Duration initial, Duration interval) throws IOException {
        checkFd(fd);
        long initialNanos = nanos(Objects.requireNonNull(initial, "initial"), "initial");
        long intervalNanos = nanos(Objects.requireNonNull(interval, "interval"), "interval");
        return timerSpec(TimerCalls.timerfdSettime(fd, flags, initialNanos, intervalNanos));
    }

    /**
     * Python 3.13's {@code os.timerfd_gettime(fd)}: the time left to the next expiration (zero when
     * disarmed) and the interval.
     *
     * @param fd a timerfd
     * @return the time left and the interval
     * @throws IllegalArgumentException when {@code fd} is negative (Python's ValueError)
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static TimerSpec timerfdGettime(int fd) throws IOException {
        checkFd(fd);
        return timerSpec(TimerCalls.timerfdGettime(fd));
    }

    /**
     * Python {@code os.pidfd_open(pid, flags)}: a descriptor for process {@code pid} that polls
     * readable once the process has exited, for any selector; close-on-exec. Signal the process
     * through it with {@link Signals#pidfdSendSignal}. Made through syscall(2), so it works on
     * every C library when the kernel (5.3 or newer) and its sandbox allow the call: a refusal is
     * an {@link ErrnoException} (ENOSYS, EPERM). Linux only; elsewhere
     * {@link UnsupportedOperationException}.
     *
     * @param pid a process id
     * @param flags 0, or flags of {@code pidfd_open(2)}
     * @return the pidfd's file descriptor
     * @throws IllegalArgumentException when {@code flags} is negative (Python's ValueError: the
     *         flags are a C unsigned int)
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static int pidfdOpen(int pid, int flags) throws IOException {
        if (flags < 0) {
            throw new IllegalArgumentException("flags must not be negative: " + flags);
        }
        return Syscall.pidfdOpen(pid, flags);
    }

    /**
     * Python {@code os.kill(pid, sig)}: sends {@code sig} to process {@code pid} (0: only checks
     * that it exists and may be signalled). A process that does not exist is
     * {@link dev.jselect.ProcessLookupException} (ESRCH), one this process may not signal
     * {@link dev.jselect.PermissionException} (EPERM), a bad signal EINVAL.
     *
     * @param pid a process id
     * @param sig a signal number
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static void kill(int pid, int sig) throws IOException {
        ProcessCalls.kill(pid, sig);
    }

    /**
     * Python {@code os.getpid()}: this process's id.
     *
     * @return this process's id
     */
    public static int getpid() {
        return ProcessCalls.getpid();
    }

    /**
     * Python {@code time.clock_gettime_ns(clockid)}: the time on {@code clockid} in nanoseconds,
     * e.g. the base of a TFD_TIMER_ABSTIME expiration. An unknown clock is the kernel's EINVAL.
     * Linux only; elsewhere {@link UnsupportedOperationException}.
     *
     * @param clockid the clock, such as {@code CLOCK_MONOTONIC}
     * @return the clock's time in nanoseconds
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static long clockGettimeNs(int clockid) throws IOException {
        return TimerCalls.clockGettimeNanos(clockid);
    }

    /** Python's file descriptor argument rule for the os calls that take an fd as a "fildes". */
    private static void checkFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("file descriptor cannot be a negative integer (" + fd + ")");
        }
    }

    private static long nanos(Duration d, String name) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + " is too large for a timer: " + d, e);
        }
    }

    private static TimerSpec timerSpec(TimerCalls.Setting s) {
        return new TimerSpec(Duration.ofNanos(s.valueNanos()), Duration.ofNanos(s.intervalNanos()));
    }
}
