package dev.jselect.internal.sys;

import dev.jselect.internal.Scratch;
import dev.jselect.ErrnoException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * The file descriptor calls: pipe2, open, read, write, close and fcntl. read and write are
 * restarted after EINTR; close never is.
 */
public final class FdCalls {
    // Bound when the class loads, unlike the other calls (bound call by call): every program
    // makes these, and close must work even where no new class can be loaded (a full fd table
    // cannot open a class file from a directory).
    private static final MethodHandle PIPE2 = Downcall.bindIfPresent("pipe2"); // Linux; elsewhere DarwinEmulation
    private static final MethodHandle READ = Downcall.bind("read");
    private static final MethodHandle WRITE = Downcall.bind("write");
    private static final MethodHandle CLOSE = Downcall.bind("close");

    // fcntl and open, which few programs make, are bound the first time they are made; their
    // holders are loaded with this class, so that a first use with the table full opens no file.
    static {
        Downcall.preload(Fcntl.class, Open.class);
    }

    private static final class Fcntl {
        static final MethodHandle H = Downcall.bindVariadic("fcntl",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }
    private static final class Open {
        static final MethodHandle H = Downcall.bindVariadic("open",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    // read and write in Restart.IO's shape: (state, fd, buf, n, ...)
    private static final MethodHandle READ_CALL = Restart.call(MethodHandles.lookup(), "readCall", Restart.IO);
    private static final MethodHandle WRITE_CALL = Restart.call(MethodHandles.lookup(), "writeCall", Restart.IO);

    private static long readCall(MemorySegment st, int fd, MemorySegment buf, long n, int flags, MemorySegment addr,
            MemorySegment addrLen, int addrSize) throws Throwable {
        return (long) READ.invokeExact(st, fd, buf, n);
    }

    private static long writeCall(MemorySegment st, int fd, MemorySegment buf, long n, int flags, MemorySegment addr,
            MemorySegment addrLen, int addrSize) throws Throwable {
        return (long) WRITE.invokeExact(st, fd, buf, n);
    }

    private FdCalls() {}

    /**
     * pipe2(2) with O_CLOEXEC and/or O_NONBLOCK: {read end, write end}. Where there is no pipe2
     * (macOS), pipe(2) and then fcntl on each end.
     */
    public static int[] pipe2(int flags) throws ErrnoException {
        if (PIPE2 == null) {
            return DarwinEmulation.pipeThenFcntl(flags);
        }
        try (Scratch sc = Downcall.scratch()) {
            MemorySegment pair = sc.pair;
            Downcall.call("pipe2", st -> (int) PIPE2.invokeExact(st, pair, flags));
            return pair.toArray(ValueLayout.JAVA_INT);
        }
    }

    /**
     * open(2) of the NUL-terminated {@code path}; {@code mode} applies with O_CREAT. Not restarted:
     * only opens that block (a FIFO, a tty) can see EINTR, and nothing here opens those.
     */
    public static int open(MemorySegment path, int flags, int mode) throws ErrnoException {
        return Downcall.call("open", st -> (int) Open.H.invokeExact(st, path, flags, mode));
    }

    /** read(2) of up to {@code n} bytes into {@code buf}; 0 at end of file. Restarted on EINTR. */
    public static long read(int fd, MemorySegment buf, long n) throws ErrnoException {
        return Restart.io("read", READ_CALL, fd, buf, n, 0);
    }

    /** write(2); returns the bytes written. Restarted on EINTR. */
    public static long write(int fd, MemorySegment buf, long n) throws ErrnoException {
        return Restart.io("write", WRITE_CALL, fd, buf, n, 0);
    }

    /**
     * close(2). Never retried: on Linux the descriptor is released even when close reports
     * EINTR, and a retry could close a number another thread has just been given.
     */
    public static void close(int fd) throws ErrnoException {
        try (Scratch sc = Downcall.scratch()) {
            MemorySegment st = sc.state;
            if (Downcall.invoke(s -> (int) CLOSE.invokeExact(s, fd), st) < 0 && !Restart.interrupted(st)) {
                throw Downcall.fail(st, "close");
            }
        }
    }

    /** fcntl(2) with an int argument (F_GETFL, F_SETFL, F_GETFD, F_SETFD, F_DUPFD_CLOEXEC). */
    public static int fcntl(int fd, int cmd, int arg) throws ErrnoException {
        return Downcall.call("fcntl", st -> (int) Fcntl.H.invokeExact(st, fd, cmd, arg));
    }

    /** fcntl(fd, F_GETFD): the fd flags, or -1 where {@code fd} is not open; no exception, for a scan of many numbers. */
    public static int fdFlagsOrMinusOne(int fd) {
        try (Scratch sc = Downcall.scratch()) {
            return Downcall.invoke(st -> (int) Fcntl.H.invokeExact(st, fd, Constants.F_GETFD, 0), sc.state);
        }
    }
}
