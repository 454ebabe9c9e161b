package dev.jselect.internal.sys;

import dev.jselect.internal.Scratch;
import dev.jselect.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * The socket calls. Every descriptor made here is close-on-exec, as every descriptor Python
 * creates is. The data calls come in two kinds: recv/send throw on failure, the {@code try*}
 * and {@code *Now} attempts return minus the errno instead, so that the would-block case of a
 * parking or timed call builds no exception. Both are restarted after EINTR; connect is not.
 */
public final class SocketCalls {
    private static final int MSG_DONTWAIT = Constants.MSG_DONTWAIT;
    private static final int SOCK_CLOEXEC = Constants.SOCK_CLOEXEC;

    // Each call is bound the first time it is made (its own holder class, initialised on first
    // use), so a program binds only the calls it makes; a static final stays a constant to the JIT.
    private static final class Accept4 { // Linux; elsewhere DarwinEmulation
        static final MethodHandle H = Downcall.bindIfPresent("accept4");
    }
    private static final class Socket {
        static final MethodHandle H = Downcall.bind("socket");
    }
    private static final class Socketpair {
        static final MethodHandle H = Downcall.bind("socketpair");
    }
    private static final class Bind {
        static final MethodHandle H = Downcall.bind("bind");
    }
    private static final class Listen {
        static final MethodHandle H = Downcall.bind("listen");
    }
    private static final class Connect {
        static final MethodHandle H = Downcall.bind("connect");
    }
    private static final class Shutdown {
        static final MethodHandle H = Downcall.bind("shutdown");
    }
    private static final class Getsockname {
        static final MethodHandle H = Downcall.bind("getsockname");
    }
    private static final class Getpeername {
        static final MethodHandle H = Downcall.bind("getpeername");
    }
    private static final class Setsockopt {
        static final MethodHandle H = Downcall.bind("setsockopt");
    }
    private static final class Getsockopt {
        static final MethodHandle H = Downcall.bind("getsockopt");
    }

    // the data calls in Restart.IO's shape: (state, fd, buf, n, flags, addr, addrLen, addrSize)
    private static final class Recv {
        static final MethodHandle H = Downcall.bind("recv");
        static final MethodHandle CALL = Restart.call(MethodHandles.lookup(), "call", Restart.IO);

        private static long call(MemorySegment st, int fd, MemorySegment buf, long n, int flags, MemorySegment addr,
                MemorySegment addrLen, int addrSize) throws Throwable {
            return (long) H.invokeExact(st, fd, buf, n, flags);
        }
    }
    private static final class Send {
        static final MethodHandle H = Downcall.bind("send");
        static final MethodHandle CALL = Restart.call(MethodHandles.lookup(), "call", Restart.IO);

        private static long call(MemorySegment st, int fd, MemorySegment buf, long n, int flags, MemorySegment addr,
                MemorySegment addrLen, int addrSize) throws Throwable {
            return (long) H.invokeExact(st, fd, buf, n, flags);
        }
    }
    /**
     * recv and send as critical calls that may read and write the Java heap: only ever made with
     * MSG_DONTWAIT, so they never block (a critical call holds off the GC while it runs).
     */
    private static final class RecvHeap {
        static final MethodHandle H = Downcall.bindCritical("recv");
        static final MethodHandle CALL = Restart.call(MethodHandles.lookup(), "call", Restart.IO);

        private static long call(MemorySegment st, int fd, MemorySegment buf, long n, int flags, MemorySegment addr,
                MemorySegment addrLen, int addrSize) throws Throwable {
            return (long) H.invokeExact(st, fd, buf, n, flags);
        }
    }
    private static final class SendHeap {
        static final MethodHandle H = Downcall.bindCritical("send");
        static final MethodHandle CALL = Restart.call(MethodHandles.lookup(), "call", Restart.IO);

        private static long call(MemorySegment st, int fd, MemorySegment buf, long n, int flags, MemorySegment addr,
                MemorySegment addrLen, int addrSize) throws Throwable {
            return (long) H.invokeExact(st, fd, buf, n, flags);
        }
    }
    private static final class Recvfrom {
        static final MethodHandle H = Downcall.bind("recvfrom");
        static final MethodHandle CALL = Restart.call(MethodHandles.lookup(), "call", Restart.IO);

        private static long call(MemorySegment st, int fd, MemorySegment buf, long n, int flags, MemorySegment addr,
                MemorySegment addrLen, int addrSize) throws Throwable {
            return (long) H.invokeExact(st, fd, buf, n, flags, addr, addrLen);
        }
    }
    private static final class Sendto {
        static final MethodHandle H = Downcall.bind("sendto");
        static final MethodHandle CALL = Restart.call(MethodHandles.lookup(), "call", Restart.IO);

        private static long call(MemorySegment st, int fd, MemorySegment buf, long n, int flags, MemorySegment addr,
                MemorySegment addrLen, int addrSize) throws Throwable {
            return (long) H.invokeExact(st, fd, buf, n, flags, addr, addrSize);
        }
    }

    private SocketCalls() {}

    /**
     * socket(2), close-on-exec like every descriptor Python creates: SOCK_CLOEXEC where the
     * platform has it, else FD_CLOEXEC right after.
     */
    public static int socket(int domain, int type, int protocol) throws ErrnoException {
        int fd = Downcall.call("socket", st -> (int) Socket.H.invokeExact(st, domain, type | SOCK_CLOEXEC, protocol));
        if (SOCK_CLOEXEC == 0) {
            DarwinEmulation.cloexecOrClose(fd);
        }
        return fd;
    }

    /** socketpair(2): the two connected descriptors, close-on-exec as {@link #socket}. */
    public static int[] socketpair(int domain, int type, int protocol) throws ErrnoException {
        int[] fds;
        try (Scratch sc = Downcall.scratch()) {
            MemorySegment pair = sc.pair;
            Downcall.call("socketpair", st -> (int) Socketpair.H.invokeExact(st, domain, type | SOCK_CLOEXEC, protocol, pair));
            fds = pair.toArray(ValueLayout.JAVA_INT);
        }
        if (SOCK_CLOEXEC == 0) {
            try {
                DarwinEmulation.cloexecOrClose(fds[0]);
            } catch (ErrnoException e) {
                DarwinEmulation.closeQuietly(fds[1], e);
                throw e;
            }
            DarwinEmulation.cloexecOrClose(fds[1]);
        }
        return fds;
    }

    public static void bind(int fd, MemorySegment addr, int len) throws ErrnoException {
        Downcall.call("bind", st -> (int) Bind.H.invokeExact(st, fd, addr, len));
    }

    public static void listen(int fd, int backlog) throws ErrnoException {
        Downcall.call("listen", st -> (int) Listen.H.invokeExact(st, fd, backlog));
    }

    /**
     * accept(2) of a blocking, close-on-exec connection, whatever the listener's mode: accept4
     * with SOCK_CLOEXEC where the platform has it, else accept and fcntl. {@code addr}/{@code
     * addrLen} may be NULL. Restarted on EINTR.
     */
    public static int accept(int fd, MemorySegment addr, MemorySegment addrLen) throws ErrnoException {
        if (Accept4.H == null) {
            return DarwinEmulation.acceptThenFcntl(fd, addr, addrLen);
        }
        return Restart.restarted("accept4", st -> (int) Accept4.H.invokeExact(st, fd, addr, addrLen, SOCK_CLOEXEC));
    }

    /**
     * connect(2), returning 0 or the errno instead of throwing (Python's {@code connect_ex}).
     * Not restarted: after EINTR the connection continues asynchronously, as after EINPROGRESS;
     * the caller raises a signal handler's exception first ({@link SignalInterrupt#raiseIfPending}).
     */
    public static int connect(int fd, MemorySegment addr, int len) {
        SignalInterrupt.Target signalled = SignalInterrupt.enter(); // a handler's exception must end a blocking connect
        try (Scratch sc = Downcall.scratch()) {
            MemorySegment st = sc.state;
            return Downcall.invoke(s -> (int) Connect.H.invokeExact(s, fd, addr, len), st) < 0 ? Downcall.errno(st) : 0;
        } finally {
            if (signalled != null) {
                signalled.leave();
            }
        }
    }

    /** recv(2); 0 at end of stream. Restarted on EINTR. */
    public static long recv(int fd, MemorySegment buf, long n, int flags) throws ErrnoException {
        return Restart.io("recv", Recv.CALL, fd, buf, n, flags);
    }

    /** send(2); returns the bytes sent. Restarted on EINTR. */
    public static long send(int fd, MemorySegment buf, long n, int flags) throws ErrnoException {
        return Restart.io("send", Send.CALL, fd, buf, n, flags);
    }

    /** recv(2) restarted on EINTR: the count, or minus the errno (-EAGAIN when nothing is there yet). */
    public static long tryRecv(int fd, MemorySegment buf, long n, int flags) {
        return Restart.attempt(Recv.CALL, fd, buf, n, flags, MemorySegment.NULL, MemorySegment.NULL, 0);
    }

    /** send(2) restarted on EINTR: the count, or minus the errno (-EAGAIN when the buffer is full). */
    public static long trySend(int fd, MemorySegment buf, long n, int flags) {
        return Restart.attempt(Send.CALL, fd, buf, n, flags, MemorySegment.NULL, MemorySegment.NULL, 0);
    }

    /**
     * {@link #tryRecv} with MSG_DONTWAIT added, straight into {@code buf}, which may be a heap
     * segment (a Java array): a critical call, so it must never block; -EAGAIN where it would.
     */
    public static long recvNow(int fd, MemorySegment buf, long n, int flags) {
        return Restart.attempt(RecvHeap.CALL, fd, buf, n, flags | MSG_DONTWAIT, MemorySegment.NULL, MemorySegment.NULL, 0);
    }

    /** {@link #trySend} as {@link #recvNow}: from a heap or native segment, never blocking. */
    public static long sendNow(int fd, MemorySegment buf, long n, int flags) {
        return Restart.attempt(SendHeap.CALL, fd, buf, n, flags | MSG_DONTWAIT, MemorySegment.NULL, MemorySegment.NULL, 0);
    }

    /** {@link #recvNow} with errno captured in {@code sc}, a block the caller holds (a staging buffer's). */
    public static long recvNow(Scratch sc, int fd, MemorySegment buf, long n, int flags) {
        return Restart.attempt(sc, RecvHeap.CALL, fd, buf, n, flags | MSG_DONTWAIT, MemorySegment.NULL, MemorySegment.NULL, 0);
    }

    /** {@link #sendNow} with errno captured in {@code sc}, a block the caller holds (a staging buffer's). */
    public static long sendNow(Scratch sc, int fd, MemorySegment buf, long n, int flags) {
        return Restart.attempt(sc, SendHeap.CALL, fd, buf, n, flags | MSG_DONTWAIT, MemorySegment.NULL, MemorySegment.NULL, 0);
    }

    /**
     * recvfrom(2) restarted on EINTR: the count (0 at end of stream) or minus the errno; the
     * sender's address goes to {@code addr}, its length to {@code addrLen} (0 when the socket
     * reports none).
     */
    public static long tryRecvfrom(int fd, MemorySegment buf, long n, int flags, MemorySegment addr, MemorySegment addrLen) {
        return Restart.attempt(Recvfrom.CALL, fd, buf, n, flags, addr, addrLen, 0);
    }

    /** sendto(2) to the {@code len}-byte address {@code addr}, restarted on EINTR: the count or minus the errno. */
    public static long trySendto(int fd, MemorySegment buf, long n, int flags, MemorySegment addr, int len) {
        return Restart.attempt(Sendto.CALL, fd, buf, n, flags, addr, MemorySegment.NULL, len);
    }

    public static void shutdown(int fd, int how) throws ErrnoException {
        Downcall.call("shutdown", st -> (int) Shutdown.H.invokeExact(st, fd, how));
    }

    /** getsockname(2) into {@code addr}; {@code addrLen} holds the socklen_t in and out. */
    public static void getsockname(int fd, MemorySegment addr, MemorySegment addrLen) throws ErrnoException {
        Downcall.call("getsockname", st -> (int) Getsockname.H.invokeExact(st, fd, addr, addrLen));
    }

    /** getpeername(2) into {@code addr}; {@code addrLen} holds the socklen_t in and out. */
    public static void getpeername(int fd, MemorySegment addr, MemorySegment addrLen) throws ErrnoException {
        Downcall.call("getpeername", st -> (int) Getpeername.H.invokeExact(st, fd, addr, addrLen));
    }

    public static void setsockopt(int fd, int level, int option, MemorySegment value, int len) throws ErrnoException {
        Downcall.call("setsockopt", st -> (int) Setsockopt.H.invokeExact(st, fd, level, option, value, len));
    }

    public static void getsockopt(int fd, int level, int option, MemorySegment value, MemorySegment len) throws ErrnoException {
        Downcall.call("getsockopt", st -> (int) Getsockopt.H.invokeExact(st, fd, level, option, value, len));
    }
}
