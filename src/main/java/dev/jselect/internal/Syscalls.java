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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * The thin syscall layer: one static method per libc call, bound once from the platform's
 * {@link Abi} (jextract's {@code $address()}/{@code $descriptor()} on Linux) with errno captured. A call that fails throws
 * {@link ErrnoException}; calls that may be restarted are retried on EINTR (PEP 475), and the
 * waits recompute their remaining time from a monotonic deadline.
 *
 * <p>Where a platform lacks a Linux call, the method here does the same job another way:
 * pipe2, accept4 and SOCK_CLOEXEC become the plain call followed by fcntl (not atomic against
 * a concurrent fork and exec, but the JDK's process launcher closes inherited descriptors in the
 * child anyway); epoll and eventfd throw {@link UnsupportedOperationException}.
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
    private static final int MSG_DONTWAIT = Platform.constant("MSG_DONTWAIT");

    private static final int O_CLOEXEC = Platform.constant("O_CLOEXEC");
    private static final int O_NONBLOCK = Platform.constant("O_NONBLOCK");
    private static final int F_SETFD = Platform.constant("F_SETFD");
    private static final int F_GETFL = Platform.constant("F_GETFL");
    private static final int F_SETFL = Platform.constant("F_SETFL");
    private static final int FD_CLOEXEC = Platform.constant("FD_CLOEXEC");
    private static final int SOCK_CLOEXEC = Platform.constant("SOCK_CLOEXEC");

    // Linux-only calls: null elsewhere, and their methods say so
    private static final MethodHandle EPOLL_CREATE1 = bindIfPresent("epoll_create1");
    private static final MethodHandle EPOLL_CTL = bindIfPresent("epoll_ctl");
    private static final MethodHandle EPOLL_WAIT = bindIfPresent("epoll_wait");
    private static final MethodHandle EVENTFD = bindIfPresent("eventfd");
    private static final MethodHandle PIPE2 = bindIfPresent("pipe2");
    private static final MethodHandle ACCEPT4 = bindIfPresent("accept4");
    private static final MethodHandle DUP3 = bindIfPresent("dup3");
    // child processes (Subprocess): Linux's binding sets only; the last three are newer than some glibcs
    private static final MethodHandle POSIX_SPAWN = bindIfPresent("posix_spawn");
    private static final MethodHandle FILE_ACTIONS_INIT = bindIfPresent("posix_spawn_file_actions_init");
    private static final MethodHandle FILE_ACTIONS_DESTROY = bindIfPresent("posix_spawn_file_actions_destroy");
    private static final MethodHandle FILE_ACTIONS_ADDDUP2 = bindIfPresent("posix_spawn_file_actions_adddup2");
    private static final MethodHandle FILE_ACTIONS_ADDCLOSE = bindIfPresent("posix_spawn_file_actions_addclose");
    private static final MethodHandle SPAWNATTR_INIT = bindIfPresent("posix_spawnattr_init");
    private static final MethodHandle SPAWNATTR_DESTROY = bindIfPresent("posix_spawnattr_destroy");
    private static final MethodHandle SPAWNATTR_SETFLAGS = bindIfPresent("posix_spawnattr_setflags");
    private static final MethodHandle SPAWNATTR_SETSIGMASK = bindIfPresent("posix_spawnattr_setsigmask");
    private static final MethodHandle SPAWNATTR_SETSIGDEFAULT = bindIfPresent("posix_spawnattr_setsigdefault");
    private static final MethodHandle SIGEMPTYSET = bindIfPresent("sigemptyset");
    private static final MethodHandle WAITPID = bindIfPresent("waitpid");
    private static final MethodHandle KILL = bindIfPresent("kill");
    private static final MethodHandle FILE_ACTIONS_ADDCHDIR = bindIfPresent("posix_spawn_file_actions_addchdir_np"); // glibc 2.29
    private static final MethodHandle FILE_ACTIONS_ADDCLOSEFROM = bindIfPresent("posix_spawn_file_actions_addclosefrom_np"); // 2.34
    private static final MethodHandle PIDFD_OPEN = bindIfPresent("pidfd_open"); // glibc 2.36

    // nfds_t is unsigned long on Linux and unsigned int on macOS: called as long everywhere
    private static final MethodHandle POLL = adapt(bind("poll"),
            MethodType.methodType(int.class, MemorySegment.class, long.class, int.class));
    private static final MethodHandle SELECT = bind("select");
    private static final MethodHandle PIPE = bind("pipe");
    private static final MethodHandle READ = bind("read");
    private static final MethodHandle WRITE = bind("write");
    private static final MethodHandle CLOSE = bind("close");
    private static final MethodHandle DUP2 = bind("dup2");
    private static final MethodHandle FCNTL = bindVariadic("fcntl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle OPEN = bindVariadic("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SOCKET = bind("socket");
    private static final MethodHandle SOCKETPAIR = bind("socketpair");
    private static final MethodHandle BIND = bind("bind");
    private static final MethodHandle LISTEN = bind("listen");
    private static final MethodHandle ACCEPT = bind("accept");
    private static final MethodHandle CONNECT = bind("connect");
    private static final MethodHandle RECV = bind("recv");
    private static final MethodHandle SEND = bind("send");
    /**
     * recv and send as critical calls that may read and write the Java heap: only ever made with
     * MSG_DONTWAIT, so they never block (a critical call holds off the GC while it runs).
     */
    private static final MethodHandle RECV_HEAP = bindCritical("recv");
    private static final MethodHandle SEND_HEAP = bindCritical("send");
    private static final MethodHandle RECVFROM = bind("recvfrom");
    private static final MethodHandle SENDTO = bind("sendto");
    private static final MethodHandle SHUTDOWN = bind("shutdown");
    private static final MethodHandle GETSOCKNAME = bind("getsockname");
    private static final MethodHandle GETPEERNAME = bind("getpeername");
    private static final MethodHandle SETSOCKOPT = bind("setsockopt");
    private static final MethodHandle GETSOCKOPT = bind("getsockopt");
    private static final MethodHandle GETRLIMIT = bind("getrlimit");
    private static final MethodHandle SETRLIMIT = bind("setrlimit");
    private static final MethodHandle STRERROR = bindPlain("strerror");
    private static final MethodHandle GETADDRINFO = bind("getaddrinfo"); // errno captured for EAI_SYSTEM
    private static final MethodHandle FREEADDRINFO = bindPlain("freeaddrinfo");
    private static final MethodHandle GAI_STRERROR = bindPlain("gai_strerror");
    private static final int EAI_SYSTEM = Platform.constant("EAI_SYSTEM");

    // struct timeval: tv_usec is a long on Linux, a 32-bit int on macOS
    private static final long TIMEVAL_SIZE = SUPPORTED ? Platform.abi().layout("timeval").byteSize() : 16;
    private static final long TV_SEC = member("timeval", "tv_sec");
    private static final long TV_USEC = member("timeval", "tv_usec");
    private static final boolean TV_USEC_IS_INT = SUPPORTED
            && Platform.abi().layout("timeval").select(MemoryLayout.PathElement.groupElement("tv_usec")).byteSize() == 4;

    private Syscalls() {}

    private static long member(String struct, String member) {
        return SUPPORTED ? Platform.abi().layout(struct).byteOffset(MemoryLayout.PathElement.groupElement(member)) : 0;
    }

    /** Per-thread native memory: errno capture plus room for a few small structs. */
    private static final class Scratch {
        final MemorySegment state;
        final MemorySegment pair;     // int[2] for pipe/socketpair
        final MemorySegment timeval;  // struct timeval for select

        Scratch() {
            Arena arena = Arena.ofAuto();
            state = arena.allocate(STATE_LAYOUT);
            pair = arena.allocate(ValueLayout.JAVA_INT, 2);
            timeval = arena.allocate(TIMEVAL_SIZE, 8);
        }
    }

    private static MethodHandle bind(String fn) {
        if (!SUPPORTED) {
            return null; // every entry point calls state() first, which throws UnsupportedOperationException
        }
        Abi abi = Platform.abi();
        return LINKER.downcallHandle(abi.address(fn), abi.descriptor(fn), CAPTURE_ERRNO);
    }

    private static MethodHandle bindCritical(String fn) {
        if (!SUPPORTED) {
            return null;
        }
        Abi abi = Platform.abi();
        return LINKER.downcallHandle(abi.address(fn), abi.descriptor(fn), CAPTURE_ERRNO, Linker.Option.critical(true));
    }

    /**
     * {@link #bind} for a call only some platforms have; null where this one does not, in its
     * binding set or in the C library actually loaded (an older glibc than the headers').
     */
    private static MethodHandle bindIfPresent(String fn) {
        return SUPPORTED && Platform.abi().hasFunction(fn) && LINKER.defaultLookup().find(fn).isPresent() ? bind(fn) : null;
    }

    /**
     * The one Java type a call is made with, whatever the C types of this platform: integer
     * arguments convert as C converts them (a long nfds narrows to macOS's unsigned int).
     */
    static MethodHandle adapt(MethodHandle h, MethodType javaType) {
        return h == null ? null : MethodHandles.explicitCastArguments(h, javaType.insertParameterTypes(0, MemorySegment.class));
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
        return ErrnoException.of(errno(state), call);
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

    /** {@link #call}, restarted on EINTR (PEP 475), for a call that is not on a wait path. */
    private static int restarted(String name, IntCall call) throws ErrnoException {
        MemorySegment st = state();
        for (;;) {
            int r;
            try {
                r = call.invoke(st);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r >= 0) {
                return r;
            }
            throwUnlessInterrupted(st, name);
        }
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
        require(EPOLL_WAIT, "epoll");
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
                tv.set(ValueLayout.JAVA_LONG, TV_SEC, remaining / 1_000_000);
                if (TV_USEC_IS_INT) {
                    tv.set(ValueLayout.JAVA_INT, TV_USEC, (int) (remaining % 1_000_000));
                } else {
                    tv.set(ValueLayout.JAVA_LONG, TV_USEC, remaining % 1_000_000);
                }
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
        require(EPOLL_CREATE1, "epoll");
        return call("epoll_create1", st -> (int) EPOLL_CREATE1.invokeExact(st, flags));
    }

    /** epoll_ctl(2); {@code event} is a {@code struct epoll_event} or NULL for EPOLL_CTL_DEL. */
    public static void epollCtl(int epfd, int op, int fd, MemorySegment event) throws ErrnoException {
        MemorySegment st = state();
        require(EPOLL_CTL, "epoll");
        int r;
        try {
            r = (int) EPOLL_CTL.invokeExact(st, epfd, op, fd, event);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        check(r, st, "epoll_ctl");
    }

    /** epoll_ctl reporting failure as -errno, for the poller's expected ENOENT: no exception built. */
    public static int tryEpollCtl(int epfd, int op, int fd, MemorySegment event) {
        MemorySegment st = state();
        require(EPOLL_CTL, "epoll");
        try {
            int r = (int) EPOLL_CTL.invokeExact(st, epfd, op, fd, event);
            return r == -1 ? -errno(st) : r;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@link UnsupportedOperationException} for a Linux-only call elsewhere; for epoll it names poll and select. */
    private static void require(MethodHandle h, String fn) {
        if (h == null) {
            throw !SUPPORTED ? Platform.unsupported("system calls") : fn.equals("epoll") ? Platform.noEpoll() : Platform.unsupported(fn);
        }
    }

    /** eventfd(2); Linux only. */
    public static int eventfd(int initval, int flags) throws ErrnoException {
        require(EVENTFD, "eventfd");
        return call("eventfd", st -> (int) EVENTFD.invokeExact(st, initval, flags));
    }

    // ---- file descriptors ----

    /**
     * pipe2(2) with O_CLOEXEC and/or O_NONBLOCK: {read end, write end}. Where there is no pipe2
     * (macOS), pipe(2) and then fcntl on each end.
     */
    public static int[] pipe2(int flags) throws ErrnoException {
        if (PIPE2 == null) {
            return pipeThenFcntl(flags);
        }
        MemorySegment pair = SCRATCH.get().pair;
        call("pipe2", st -> (int) PIPE2.invokeExact(st, pair, flags));
        return pair.toArray(ValueLayout.JAVA_INT);
    }

    /** pipe2's fallback, on every platform so that Linux tests it too. */
    static int[] pipeThenFcntl(int flags) throws ErrnoException {
        MemorySegment pair = SCRATCH.get().pair;
        call("pipe", st -> (int) PIPE.invokeExact(st, pair));
        int[] fds = pair.toArray(ValueLayout.JAVA_INT);
        try {
            for (int fd : fds) {
                applyFlags(fd, (flags & O_CLOEXEC) != 0, (flags & O_NONBLOCK) != 0);
            }
        } catch (ErrnoException e) {
            closeQuietly(fds[0], e);
            closeQuietly(fds[1], e);
            throw e;
        }
        return fds;
    }

    /**
     * What O_CLOEXEC/SOCK_CLOEXEC and O_NONBLOCK would have given at creation, set afterwards.
     * O_NONBLOCK is set or cleared: BSD's accept passes the listener's O_NONBLOCK on to the new
     * socket, Linux's accept4 never does.
     */
    private static void applyFlags(int fd, boolean cloexec, boolean nonblock) throws ErrnoException {
        if (cloexec) {
            fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
        int fl = fcntl(fd, F_GETFL, 0);
        if (((fl & O_NONBLOCK) != 0) != nonblock) {
            fcntl(fd, F_SETFL, nonblock ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
        }
    }

    /** Closes a descriptor this layer just created after a later step failed; that failure is what the caller reports. */
    private static void closeQuietly(int fd, ErrnoException reported) {
        try {
            close(fd);
        } catch (ErrnoException e) {
            reported.addSuppressed(e);
        }
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

    /** dup3(2); Linux only. */
    public static int dup3(int oldfd, int newfd, int flags) throws ErrnoException {
        require(DUP3, "dup3");
        return call("dup3", st -> (int) DUP3.invokeExact(st, oldfd, newfd, flags));
    }

    /** fcntl(2) with an int argument (F_GETFL, F_SETFL, F_GETFD, F_SETFD, F_DUPFD_CLOEXEC). */
    public static int fcntl(int fd, int cmd, int arg) throws ErrnoException {
        return call("fcntl", st -> (int) FCNTL.invokeExact(st, fd, cmd, arg));
    }

    // ---- sockets ----

    /**
     * socket(2), close-on-exec like every descriptor Python creates: SOCK_CLOEXEC where the
     * platform has it, else FD_CLOEXEC right after.
     */
    public static int socket(int domain, int type, int protocol) throws ErrnoException {
        int fd = call("socket", st -> (int) SOCKET.invokeExact(st, domain, type | SOCK_CLOEXEC, protocol));
        if (SOCK_CLOEXEC == 0) {
            cloexecOrClose(fd);
        }
        return fd;
    }

    /** socketpair(2): the two connected descriptors, close-on-exec as {@link #socket}. */
    public static int[] socketpair(int domain, int type, int protocol) throws ErrnoException {
        MemorySegment pair = SCRATCH.get().pair;
        call("socketpair", st -> (int) SOCKETPAIR.invokeExact(st, domain, type | SOCK_CLOEXEC, protocol, pair));
        int[] fds = pair.toArray(ValueLayout.JAVA_INT);
        if (SOCK_CLOEXEC == 0) {
            try {
                cloexecOrClose(fds[0]);
            } catch (ErrnoException e) {
                closeQuietly(fds[1], e);
                throw e;
            }
            cloexecOrClose(fds[1]);
        }
        return fds;
    }

    /** Sets FD_CLOEXEC on a descriptor just created here; closes it when that fails. */
    private static void cloexecOrClose(int fd) throws ErrnoException {
        try {
            applyFlags(fd, true, false);
        } catch (ErrnoException e) {
            closeQuietly(fd, e);
            throw e;
        }
    }

    public static void bind(int fd, MemorySegment addr, int len) throws ErrnoException {
        call("bind", st -> (int) BIND.invokeExact(st, fd, addr, len));
    }

    public static void listen(int fd, int backlog) throws ErrnoException {
        call("listen", st -> (int) LISTEN.invokeExact(st, fd, backlog));
    }

    /**
     * accept(2) of a blocking, close-on-exec connection, whatever the listener's mode: accept4
     * with SOCK_CLOEXEC where the platform has it, else accept and fcntl. {@code addr}/{@code
     * addrLen} may be NULL. Restarted on EINTR.
     */
    public static int accept(int fd, MemorySegment addr, MemorySegment addrLen) throws ErrnoException {
        return ACCEPT4 != null ? accept4(fd, addr, addrLen, SOCK_CLOEXEC) : acceptThenFcntl(fd, addr, addrLen);
    }

    private static int accept4(int fd, MemorySegment addr, MemorySegment addrLen, int flags) throws ErrnoException {
        return restarted("accept4", st -> (int) ACCEPT4.invokeExact(st, fd, addr, addrLen, flags));
    }

    /** accept's fallback, on every platform so that Linux tests it too. */
    static int acceptThenFcntl(int fd, MemorySegment addr, MemorySegment addrLen) throws ErrnoException {
        int r = restarted("accept", st -> (int) ACCEPT.invokeExact(st, fd, addr, addrLen));
        cloexecOrClose(r);
        return r;
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

    // ---- attempts that may find the fd not ready: -errno instead of an exception, so the
    // would-block case of a parking or timed call builds no exception ----

    /** recv(2) restarted on EINTR: the count, or minus the errno (-EAGAIN when nothing is there yet). */
    public static long tryRecv(int fd, MemorySegment buf, long n, int flags) {
        return attempt(RECV, fd, buf, n, flags);
    }

    /** send(2) restarted on EINTR: the count, or minus the errno (-EAGAIN when the buffer is full). */
    public static long trySend(int fd, MemorySegment buf, long n, int flags) {
        return attempt(SEND, fd, buf, n, flags);
    }

    /**
     * {@link #tryRecv} with MSG_DONTWAIT added, straight into {@code buf}, which may be a heap
     * segment (a Java array): a critical call, so it must never block; -EAGAIN where it would.
     */
    public static long recvNow(int fd, MemorySegment buf, long n, int flags) {
        return attempt(RECV_HEAP, fd, buf, n, flags | MSG_DONTWAIT);
    }

    /** {@link #trySend} as {@link #recvNow}: from a heap or native segment, never blocking. */
    public static long sendNow(int fd, MemorySegment buf, long n, int flags) {
        return attempt(SEND_HEAP, fd, buf, n, flags | MSG_DONTWAIT);
    }

    /** One recv/send-shaped call (a constant handle once inlined into its caller) restarted on EINTR: the count or -errno. */
    private static long attempt(MethodHandle call, int fd, MemorySegment buf, long n, int flags) {
        MemorySegment st = state();
        for (;;) {
            long r;
            try {
                r = (long) call.invokeExact(st, fd, buf, n, flags);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r >= 0 || errno(st) != EINTR) {
                return r >= 0 ? r : -errno(st);
            }
        }
    }

    /**
     * recvfrom(2) restarted on EINTR: the count (0 at end of stream) or minus the errno; the
     * sender's address goes to {@code addr}, its length to {@code addrLen} (0 when the socket
     * reports none).
     */
    public static long tryRecvfrom(int fd, MemorySegment buf, long n, int flags, MemorySegment addr, MemorySegment addrLen) {
        MemorySegment st = state();
        for (;;) {
            long r;
            try {
                r = (long) RECVFROM.invokeExact(st, fd, buf, n, flags, addr, addrLen);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r >= 0 || errno(st) != EINTR) {
                return r >= 0 ? r : -errno(st);
            }
        }
    }

    /** sendto(2) to the {@code len}-byte address {@code addr}, restarted on EINTR: the count or minus the errno. */
    public static long trySendto(int fd, MemorySegment buf, long n, int flags, MemorySegment addr, int len) {
        MemorySegment st = state();
        for (;;) {
            long r;
            try {
                r = (long) SENDTO.invokeExact(st, fd, buf, n, flags, addr, len);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r >= 0 || errno(st) != EINTR) {
                return r >= 0 ? r : -errno(st);
            }
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

    // ---- names ----

    /**
     * getaddrinfo(3): 0 with the list in {@code *res} (free it with {@link #freeaddrinfo}), else
     * the EAI_ code (see {@link #gaiStrerror}). EAI_SYSTEM is thrown as its errno, as CPython
     * raises OSError for it. May block for as long as the resolver takes.
     */
    public static int getaddrinfo(MemorySegment node, MemorySegment service, MemorySegment hints, MemorySegment res)
            throws ErrnoException {
        MemorySegment st = state();
        int r;
        try {
            r = (int) GETADDRINFO.invokeExact(st, node, service, hints, res);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r == EAI_SYSTEM) {
            throw fail(st, "getaddrinfo");
        }
        return r;
    }

    /** freeaddrinfo(3) of a list {@link #getaddrinfo} returned. */
    public static void freeaddrinfo(MemorySegment res) {
        try {
            FREEADDRINFO.invokeExact(res);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** gai_strerror(3): the C library's message for an EAI_ code, "Name or service not known". */
    public static String gaiStrerror(int code) {
        state();
        try {
            MemorySegment s = (MemorySegment) GAI_STRERROR.invokeExact(code);
            return s.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- child processes: posix_spawn(3) and its attribute calls return an error number, never set errno ----

    /** True where {@link #posixSpawn} and the rest of this section are bound (Linux). */
    public static boolean hasPosixSpawn() {
        return POSIX_SPAWN != null && WAITPID != null && KILL != null;
    }

    /** True where the C library has posix_spawn_file_actions_addclosefrom_np (glibc 2.34). */
    public static boolean hasAddClosefrom() {
        return FILE_ACTIONS_ADDCLOSEFROM != null;
    }

    /** True where the C library has pidfd_open (glibc 2.36; the kernel needs 5.3). */
    public static boolean hasPidfdOpen() {
        return PIDFD_OPEN != null;
    }

    /** A call of the posix_spawn family: 0, or the error number it returns. */
    private static void spawnCall(String name, MethodHandle h, IntCall call) throws ErrnoException {
        require(h, name);
        int r;
        try {
            r = call.invoke(state());
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r != 0) {
            throw ErrnoException.of(r, name);
        }
    }

    /** posix_spawn(3): the child's pid is written to {@code pidOut} (a pid_t). */
    public static void posixSpawn(MemorySegment pidOut, MemorySegment path, MemorySegment actions, MemorySegment attr,
            MemorySegment argv, MemorySegment envp) throws ErrnoException {
        spawnCall("posix_spawn", POSIX_SPAWN, st -> (int) POSIX_SPAWN.invokeExact(st, pidOut, path, actions, attr, argv, envp));
    }

    public static void fileActionsInit(MemorySegment actions) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_init", FILE_ACTIONS_INIT, st -> (int) FILE_ACTIONS_INIT.invokeExact(st, actions));
    }

    public static void fileActionsDestroy(MemorySegment actions) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_destroy", FILE_ACTIONS_DESTROY, st -> (int) FILE_ACTIONS_DESTROY.invokeExact(st, actions));
    }

    public static void fileActionsAddDup2(MemorySegment actions, int fd, int newfd) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_adddup2", FILE_ACTIONS_ADDDUP2,
                st -> (int) FILE_ACTIONS_ADDDUP2.invokeExact(st, actions, fd, newfd));
    }

    public static void fileActionsAddClose(MemorySegment actions, int fd) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_addclose", FILE_ACTIONS_ADDCLOSE,
                st -> (int) FILE_ACTIONS_ADDCLOSE.invokeExact(st, actions, fd));
    }

    /** The child changes to the NUL-terminated {@code path}; later actions and the exec see it. */
    public static void fileActionsAddChdir(MemorySegment actions, MemorySegment path) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_addchdir_np", FILE_ACTIONS_ADDCHDIR,
                st -> (int) FILE_ACTIONS_ADDCHDIR.invokeExact(st, actions, path));
    }

    /** The child closes every descriptor from {@code from} up; see {@link #hasAddClosefrom()}. */
    public static void fileActionsAddClosefrom(MemorySegment actions, int from) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_addclosefrom_np", FILE_ACTIONS_ADDCLOSEFROM,
                st -> (int) FILE_ACTIONS_ADDCLOSEFROM.invokeExact(st, actions, from));
    }

    public static void spawnattrInit(MemorySegment attr) throws ErrnoException {
        spawnCall("posix_spawnattr_init", SPAWNATTR_INIT, st -> (int) SPAWNATTR_INIT.invokeExact(st, attr));
    }

    public static void spawnattrDestroy(MemorySegment attr) throws ErrnoException {
        spawnCall("posix_spawnattr_destroy", SPAWNATTR_DESTROY, st -> (int) SPAWNATTR_DESTROY.invokeExact(st, attr));
    }

    public static void spawnattrSetflags(MemorySegment attr, short flags) throws ErrnoException {
        spawnCall("posix_spawnattr_setflags", SPAWNATTR_SETFLAGS, st -> (int) SPAWNATTR_SETFLAGS.invokeExact(st, attr, flags));
    }

    public static void spawnattrSetsigmask(MemorySegment attr, MemorySegment sigset) throws ErrnoException {
        spawnCall("posix_spawnattr_setsigmask", SPAWNATTR_SETSIGMASK, st -> (int) SPAWNATTR_SETSIGMASK.invokeExact(st, attr, sigset));
    }

    public static void spawnattrSetsigdefault(MemorySegment attr, MemorySegment sigset) throws ErrnoException {
        spawnCall("posix_spawnattr_setsigdefault", SPAWNATTR_SETSIGDEFAULT,
                st -> (int) SPAWNATTR_SETSIGDEFAULT.invokeExact(st, attr, sigset));
    }

    /** sigemptyset(3). */
    public static void sigemptyset(MemorySegment sigset) throws ErrnoException {
        require(SIGEMPTYSET, "sigemptyset");
        call("sigemptyset", st -> (int) SIGEMPTYSET.invokeExact(st, sigset));
    }

    /**
     * waitpid(2) for one child; the wait status goes to {@code status} (an int). Returns the pid,
     * or 0 with WNOHANG while the child runs. Restarted on EINTR.
     */
    public static int waitpid(int pid, MemorySegment status, int options) throws ErrnoException {
        require(WAITPID, "waitpid");
        return restarted("waitpid", st -> (int) WAITPID.invokeExact(st, pid, status, options));
    }

    /** kill(2). */
    public static void kill(int pid, int sig) throws ErrnoException {
        require(KILL, "kill");
        call("kill", st -> (int) KILL.invokeExact(st, pid, sig));
    }

    /** pidfd_open(2): a close-on-exec descriptor that polls readable once process {@code pid} has exited. */
    public static int pidfdOpen(int pid, int flags) throws ErrnoException {
        require(PIDFD_OPEN, "pidfd_open");
        return call("pidfd_open", st -> (int) PIDFD_OPEN.invokeExact(st, pid, flags));
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
