package dev.jselect.internal;

import dev.jselect.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The thin syscall layer: one static method per libc call, bound once from jextract's
 * {@code $address()}/{@code $descriptor()} with errno captured. A call that fails throws
 * {@link ErrnoException}; calls that may be restarted are retried on EINTR (PEP 475), and the
 * waits recompute their remaining time from a monotonic deadline.
 *
 * <p>Native memory: the errno capture area and a small scratch area are allocated once per
 * thread from an automatic arena (freed when the thread and its {@link Scratch} are gone).
 * Callers own every other segment they pass in.
 */
public final class Syscalls {
    private static final boolean SUPPORTED = Platform.isSupported();
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            STATE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno")).withInvokeExactBehavior();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final int EINTR = Platform.constant("EINTR");

    private static final MethodHandle EPOLL_CREATE1 = bind("epoll_create1");
    private static final MethodHandle EPOLL_CTL = bind("epoll_ctl");
    private static final MethodHandle EPOLL_WAIT = bind("epoll_wait");
    private static final MethodHandle POLL = bind("poll");
    private static final MethodHandle SELECT = bind("select");
    private static final MethodHandle PIPE2 = bind("pipe2");
    private static final MethodHandle READ = bind("read");
    private static final MethodHandle WRITE = bind("write");
    private static final MethodHandle CLOSE = bind("close");
    private static final MethodHandle DUP2 = bind("dup2");
    private static final MethodHandle DUP3 = bind("dup3");
    private static final MethodHandle FCNTL = bindVariadic("fcntl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle OPEN = bindVariadic("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle EVENTFD = bind("eventfd");
    private static final MethodHandle SOCKET = bind("socket");
    private static final MethodHandle SOCKETPAIR = bind("socketpair");
    private static final MethodHandle BIND = bind("bind");
    private static final MethodHandle LISTEN = bind("listen");
    private static final MethodHandle ACCEPT4 = bind("accept4");
    private static final MethodHandle CONNECT = bind("connect");
    private static final MethodHandle RECV = bind("recv");
    private static final MethodHandle SEND = bind("send");
    private static final MethodHandle SHUTDOWN = bind("shutdown");
    private static final MethodHandle GETSOCKNAME = bind("getsockname");
    private static final MethodHandle GETPEERNAME = bind("getpeername");
    private static final MethodHandle SETSOCKOPT = bind("setsockopt");
    private static final MethodHandle GETSOCKOPT = bind("getsockopt");
    private static final MethodHandle GETRLIMIT = bind("getrlimit");
    private static final MethodHandle SETRLIMIT = bind("setrlimit");
    private static final MethodHandle STRERROR = bindPlain("strerror");

    private Syscalls() {}

    /** Per-thread native memory: errno capture plus room for a few small structs. */
    private static final class Scratch {
        final MemorySegment state;
        final MemorySegment pair;     // int[2] for pipe2/socketpair
        final MemorySegment timeval;  // struct timeval for select

        Scratch() {
            Arena arena = Arena.ofAuto();
            state = arena.allocate(STATE_LAYOUT);
            pair = arena.allocate(ValueLayout.JAVA_INT, 2);
            timeval = arena.allocate(16, 8);
        }
    }

    private static MethodHandle bind(String fn) {
        if (!SUPPORTED) {
            return null; // every entry point calls state() first, which throws UnsupportedOperationException
        }
        Abi abi = Platform.abi();
        return LINKER.downcallHandle(abi.address(fn), abi.descriptor(fn), CAPTURE_ERRNO);
    }

    private static MethodHandle bindPlain(String fn) {
        return SUPPORTED ? LINKER.downcallHandle(Platform.abi().address(fn), Platform.abi().descriptor(fn)) : null;
    }

    /**
     * fcntl(int, int, ...) and open(const char *, int, ...) with one int vararg, described by hand:
     * jextract generates variadic functions as invokers.
     */
    private static MethodHandle bindVariadic(String fn, FunctionDescriptor fd) {
        if (!SUPPORTED) {
            return null;
        }
        MemorySegment address = LINKER.defaultLookup().findOrThrow(fn);
        return LINKER.downcallHandle(address, fd, Linker.Option.firstVariadicArg(2), CAPTURE_ERRNO);
    }

    private static MemorySegment state() {
        if (!SUPPORTED) {
            throw Platform.unsupported("system calls");
        }
        return SCRATCH.get().state;
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static ErrnoException fail(MemorySegment state, String call) {
        return new ErrnoException(errno(state), call);
    }

    /** {@code r} when the call succeeded, else the ErrnoException for the captured errno. */
    private static int check(int r, MemorySegment state, String call) throws ErrnoException {
        if (r < 0) {
            throw fail(state, call);
        }
        return r;
    }

    /** One native call that returns int, -1 with errno on failure. */
    @FunctionalInterface
    private interface IntCall {
        int invoke(MemorySegment state) throws Throwable;
    }

    /**
     * Runs a call that is not on a hot path and is never restarted: its result, or the
     * ErrnoException for the captured errno. (Hot calls are written out so nothing is allocated.)
     */
    private static int call(String name, IntCall call) throws ErrnoException {
        MemorySegment st = state();
        int r;
        try {
            r = call.invoke(st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return check(r, st, name);
    }

    /** After a failed call: returns for EINTR (the caller restarts), else throws the errno. */
    private static void throwUnlessInterrupted(MemorySegment state, String call) throws ErrnoException {
        if (errno(state) != EINTR) {
            throw fail(state, call);
        }
    }

    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("unexpected failure of a native call", t);
    }

    // ---- waits: EINTR restarts with the remaining time (PEP 475) ----

    /**
     * epoll_wait(2). {@code timeoutMillis < 0} blocks. Returns the number of events written,
     * 0 when the time ran out (also after an EINTR past the deadline).
     */
    public static int epollWait(int epfd, MemorySegment events, int maxevents, int timeoutMillis) throws ErrnoException {
        MemorySegment st = state();
        long deadline = timeoutMillis > 0 ? Deadline.afterMillis(timeoutMillis) : 0; // no clock read for a poll
        int timeout = timeoutMillis;
        for (;;) {
            int n;
            try {
                n = (int) EPOLL_WAIT.invokeExact(st, epfd, events, maxevents, timeout);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (n >= 0) {
                return n;
            }
            throwUnlessInterrupted(st, "epoll_wait");
            if (timeoutMillis == 0 || timeoutMillis > 0 && (timeout = Deadline.remainingMillis(deadline)) < 0) {
                return 0;
            }
        }
    }

    /** poll(2) over {@code nfds} {@code struct pollfd}; {@code timeoutMillis < 0} blocks. */
    public static int poll(MemorySegment fds, long nfds, int timeoutMillis) throws ErrnoException {
        MemorySegment st = state();
        long deadline = timeoutMillis > 0 ? Deadline.afterMillis(timeoutMillis) : 0; // no clock read for a poll
        int timeout = timeoutMillis;
        for (;;) {
            int n;
            try {
                n = (int) POLL.invokeExact(st, fds, nfds, timeout);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (n >= 0) {
                return n;
            }
            throwUnlessInterrupted(st, "poll");
            if (timeoutMillis == 0 || timeoutMillis > 0 && (timeout = Deadline.remainingMillis(deadline)) < 0) {
                return 0;
            }
        }
    }

    /**
     * select(2). The fd_set segments may be {@link MemorySegment#NULL}; {@code timeoutMicros < 0}
     * blocks. On EINTR the kernel leaves the sets untouched, so the call is simply repeated.
     */
    public static int select(int nfds, MemorySegment r, MemorySegment w, MemorySegment x, long timeoutMicros)
            throws ErrnoException {
        MemorySegment st = state();
        MemorySegment tv = timeoutMicros < 0 ? MemorySegment.NULL : SCRATCH.get().timeval;
        long deadline = timeoutMicros > 0 ? Deadline.afterMicros(timeoutMicros) : 0;
        long remaining = timeoutMicros;
        for (;;) {
            if (timeoutMicros >= 0) {
                tv.set(ValueLayout.JAVA_LONG, 0, remaining / 1_000_000);
                tv.set(ValueLayout.JAVA_LONG, 8, remaining % 1_000_000);
            }
            int n;
            try {
                n = (int) SELECT.invokeExact(st, nfds, r, w, x, tv);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (n >= 0) {
                return n;
            }
            throwUnlessInterrupted(st, "select");
            if (timeoutMicros == 0 || timeoutMicros > 0 && (remaining = Deadline.remainingMicros(deadline)) < 0) {
                return 0;
            }
        }
    }

    // ---- epoll, eventfd ----

    public static int epollCreate1(int flags) throws ErrnoException {
        return call("epoll_create1", st -> (int) EPOLL_CREATE1.invokeExact(st, flags));
    }

    /** epoll_ctl(2); {@code event} is a {@code struct epoll_event} or NULL for EPOLL_CTL_DEL. */
    public static void epollCtl(int epfd, int op, int fd, MemorySegment event) throws ErrnoException {
        MemorySegment st = state();
        int r;
        try {
            r = (int) EPOLL_CTL.invokeExact(st, epfd, op, fd, event);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        check(r, st, "epoll_ctl");
    }

    public static int eventfd(int initval, int flags) throws ErrnoException {
        return call("eventfd", st -> (int) EVENTFD.invokeExact(st, initval, flags));
    }

    // ---- file descriptors ----

    /** pipe2(2): {read end, write end}. */
    public static int[] pipe2(int flags) throws ErrnoException {
        MemorySegment pair = SCRATCH.get().pair;
        call("pipe2", st -> (int) PIPE2.invokeExact(st, pair, flags));
        return pair.toArray(ValueLayout.JAVA_INT);
    }

    /**
     * open(2) of the NUL-terminated {@code path}; {@code mode} applies with O_CREAT. Not restarted:
     * only opens that block (a FIFO, a tty) can see EINTR, and nothing here opens those.
     */
    public static int open(MemorySegment path, int flags, int mode) throws ErrnoException {
        return call("open", st -> (int) OPEN.invokeExact(st, path, flags, mode));
    }

    /** read(2) of up to {@code n} bytes into {@code buf}; 0 at end of file. Restarted on EINTR. */
    public static long read(int fd, MemorySegment buf, long n) throws ErrnoException {
        MemorySegment st = state();
        for (;;) {
            long r;
            try {
                r = (long) READ.invokeExact(st, fd, buf, n);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r >= 0) {
                return r;
            }
            throwUnlessInterrupted(st, "read");
        }
    }

    /** write(2); returns the bytes written. Restarted on EINTR. */
    public static long write(int fd, MemorySegment buf, long n) throws ErrnoException {
        MemorySegment st = state();
        for (;;) {
            long r;
            try {
                r = (long) WRITE.invokeExact(st, fd, buf, n);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r >= 0) {
                return r;
            }
            throwUnlessInterrupted(st, "write");
        }
    }

    /**
     * close(2). Never retried: on Linux the descriptor is released even when close reports
     * EINTR, and a retry could close a number another thread has just been given.
     */
    public static void close(int fd) throws ErrnoException {
        MemorySegment st = state();
        int r;
        try {
            r = (int) CLOSE.invokeExact(st, fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0 && errno(st) != EINTR) {
            throw fail(st, "close");
        }
    }

    public static int dup2(int oldfd, int newfd) throws ErrnoException {
        return call("dup2", st -> (int) DUP2.invokeExact(st, oldfd, newfd));
    }

    public static int dup3(int oldfd, int newfd, int flags) throws ErrnoException {
        return call("dup3", st -> (int) DUP3.invokeExact(st, oldfd, newfd, flags));
    }

    /** fcntl(2) with an int argument (F_GETFL, F_SETFL, F_GETFD, F_SETFD, F_DUPFD_CLOEXEC). */
    public static int fcntl(int fd, int cmd, int arg) throws ErrnoException {
        return call("fcntl", st -> (int) FCNTL.invokeExact(st, fd, cmd, arg));
    }

    // ---- sockets ----

    public static int socket(int domain, int type, int protocol) throws ErrnoException {
        return call("socket", st -> (int) SOCKET.invokeExact(st, domain, type, protocol));
    }

    /** socketpair(2): the two connected descriptors. */
    public static int[] socketpair(int domain, int type, int protocol) throws ErrnoException {
        MemorySegment pair = SCRATCH.get().pair;
        call("socketpair", st -> (int) SOCKETPAIR.invokeExact(st, domain, type, protocol, pair));
        return pair.toArray(ValueLayout.JAVA_INT);
    }

    public static void bind(int fd, MemorySegment addr, int len) throws ErrnoException {
        call("bind", st -> (int) BIND.invokeExact(st, fd, addr, len));
    }

    public static void listen(int fd, int backlog) throws ErrnoException {
        call("listen", st -> (int) LISTEN.invokeExact(st, fd, backlog));
    }

    /** accept4(2); {@code addr}/{@code addrLen} may be NULL. Restarted on EINTR. */
    public static int accept4(int fd, MemorySegment addr, MemorySegment addrLen, int flags) throws ErrnoException {
        MemorySegment st = state();
        for (;;) {
            int r;
            try {
                r = (int) ACCEPT4.invokeExact(st, fd, addr, addrLen, flags);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r >= 0) {
                return r;
            }
            throwUnlessInterrupted(st, "accept4");
        }
    }

    /**
     * connect(2), returning 0 or the errno instead of throwing (Python's {@code connect_ex}).
     * Not restarted: after EINTR the connection continues asynchronously, as after EINPROGRESS.
     */
    public static int connect(int fd, MemorySegment addr, int len) {
        MemorySegment st = state();
        try {
            return (int) CONNECT.invokeExact(st, fd, addr, len) < 0 ? errno(st) : 0;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** recv(2); 0 at end of stream. Restarted on EINTR. */
    public static long recv(int fd, MemorySegment buf, long n, int flags) throws ErrnoException {
        MemorySegment st = state();
        for (;;) {
            long r;
            try {
                r = (long) RECV.invokeExact(st, fd, buf, n, flags);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r >= 0) {
                return r;
            }
            throwUnlessInterrupted(st, "recv");
        }
    }

    /** send(2); returns the bytes sent. Restarted on EINTR. */
    public static long send(int fd, MemorySegment buf, long n, int flags) throws ErrnoException {
        MemorySegment st = state();
        for (;;) {
            long r;
            try {
                r = (long) SEND.invokeExact(st, fd, buf, n, flags);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r >= 0) {
                return r;
            }
            throwUnlessInterrupted(st, "send");
        }
    }

    public static void shutdown(int fd, int how) throws ErrnoException {
        call("shutdown", st -> (int) SHUTDOWN.invokeExact(st, fd, how));
    }

    /** getsockname(2) into {@code addr}; {@code addrLen} holds the socklen_t in and out. */
    public static void getsockname(int fd, MemorySegment addr, MemorySegment addrLen) throws ErrnoException {
        call("getsockname", st -> (int) GETSOCKNAME.invokeExact(st, fd, addr, addrLen));
    }

    /** getpeername(2) into {@code addr}; {@code addrLen} holds the socklen_t in and out. */
    public static void getpeername(int fd, MemorySegment addr, MemorySegment addrLen) throws ErrnoException {
        call("getpeername", st -> (int) GETPEERNAME.invokeExact(st, fd, addr, addrLen));
    }

    public static void setsockopt(int fd, int level, int option, MemorySegment value, int len) throws ErrnoException {
        call("setsockopt", st -> (int) SETSOCKOPT.invokeExact(st, fd, level, option, value, len));
    }

    public static void getsockopt(int fd, int level, int option, MemorySegment value, MemorySegment len) throws ErrnoException {
        call("getsockopt", st -> (int) GETSOCKOPT.invokeExact(st, fd, level, option, value, len));
    }

    // ---- process ----

    /** getrlimit(2) into a {@code struct rlimit}. */
    public static void getrlimit(int resource, MemorySegment rlimit) throws ErrnoException {
        call("getrlimit", st -> (int) GETRLIMIT.invokeExact(st, resource, rlimit));
    }

    /** setrlimit(2) from a {@code struct rlimit}. */
    public static void setrlimit(int resource, MemorySegment rlimit) throws ErrnoException {
        call("setrlimit", st -> (int) SETRLIMIT.invokeExact(st, resource, rlimit));
    }

    /** strerror(3): the C library's message for an errno. */
    public static String strerror(int errno) {
        if (!SUPPORTED) {
            return "errno " + errno;
        }
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.getString(0);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }
}
