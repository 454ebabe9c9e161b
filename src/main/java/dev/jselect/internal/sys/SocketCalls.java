package dev.jselect.internal.sys;

import dev.jselect.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The socket calls. Every descriptor made here is close-on-exec, as every descriptor Python
 * creates is. The data calls come in two kinds: recv/send throw on failure, the {@code try*}
 * and {@code *Now} attempts return minus the errno instead, so that the would-block case of a
 * parking or timed call builds no exception. Both are restarted after EINTR; connect is not.
 */
public final class SocketCalls {
    private static final int MSG_DONTWAIT = Constants.MSG_DONTWAIT;
    private static final int SOCK_CLOEXEC = Constants.SOCK_CLOEXEC;

    private static final MethodHandle ACCEPT4 = Downcall.bindIfPresent("accept4"); // Linux; elsewhere DarwinEmulation
    private static final MethodHandle SOCKET = Downcall.bind("socket");
    private static final MethodHandle SOCKETPAIR = Downcall.bind("socketpair");
    private static final MethodHandle BIND = Downcall.bind("bind");
    private static final MethodHandle LISTEN = Downcall.bind("listen");
    private static final MethodHandle CONNECT = Downcall.bind("connect");
    private static final MethodHandle RECV = Downcall.bind("recv");
    private static final MethodHandle SEND = Downcall.bind("send");
    /**
     * recv and send as critical calls that may read and write the Java heap: only ever made with
     * MSG_DONTWAIT, so they never block (a critical call holds off the GC while it runs).
     */
    private static final MethodHandle RECV_HEAP = Downcall.bindCritical("recv");
    private static final MethodHandle SEND_HEAP = Downcall.bindCritical("send");
    private static final MethodHandle RECVFROM = Downcall.bind("recvfrom");
    private static final MethodHandle SENDTO = Downcall.bind("sendto");
    private static final MethodHandle SHUTDOWN = Downcall.bind("shutdown");
    private static final MethodHandle GETSOCKNAME = Downcall.bind("getsockname");
    private static final MethodHandle GETPEERNAME = Downcall.bind("getpeername");
    private static final MethodHandle SETSOCKOPT = Downcall.bind("setsockopt");
    private static final MethodHandle GETSOCKOPT = Downcall.bind("getsockopt");

    // the data calls in Restart.IO's shape: (state, fd, buf, n, flags, addr, addrLen, addrSize)
    private static final MethodHandle RECV_CALL = Restart.shaped(RECV, Restart.IO, 0, 1, 2, 3, 4);
    private static final MethodHandle SEND_CALL = Restart.shaped(SEND, Restart.IO, 0, 1, 2, 3, 4);
    private static final MethodHandle RECV_HEAP_CALL = Restart.shaped(RECV_HEAP, Restart.IO, 0, 1, 2, 3, 4);
    private static final MethodHandle SEND_HEAP_CALL = Restart.shaped(SEND_HEAP, Restart.IO, 0, 1, 2, 3, 4);
    private static final MethodHandle RECVFROM_CALL = Restart.shaped(RECVFROM, Restart.IO, 0, 1, 2, 3, 4, 5, 6);
    private static final MethodHandle SENDTO_CALL = Restart.shaped(SENDTO, Restart.IO, 0, 1, 2, 3, 4, 5, 7);

    private SocketCalls() {}

    /**
     * socket(2), close-on-exec like every descriptor Python creates: SOCK_CLOEXEC where the
     * platform has it, else FD_CLOEXEC right after.
     */
    public static int socket(int domain, int type, int protocol) throws ErrnoException {
        int fd = Downcall.call("socket", st -> (int) SOCKET.invokeExact(st, domain, type | SOCK_CLOEXEC, protocol));
        if (SOCK_CLOEXEC == 0) {
            DarwinEmulation.cloexecOrClose(fd);
        }
        return fd;
    }

    /** socketpair(2): the two connected descriptors, close-on-exec as {@link #socket}. */
    public static int[] socketpair(int domain, int type, int protocol) throws ErrnoException {
        MemorySegment pair = Downcall.pair();
        Downcall.call("socketpair", st -> (int) SOCKETPAIR.invokeExact(st, domain, type | SOCK_CLOEXEC, protocol, pair));
        int[] fds = pair.toArray(ValueLayout.JAVA_INT);
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
        Downcall.call("bind", st -> (int) BIND.invokeExact(st, fd, addr, len));
    }

    public static void listen(int fd, int backlog) throws ErrnoException {
        Downcall.call("listen", st -> (int) LISTEN.invokeExact(st, fd, backlog));
    }

    /**
     * accept(2) of a blocking, close-on-exec connection, whatever the listener's mode: accept4
     * with SOCK_CLOEXEC where the platform has it, else accept and fcntl. {@code addr}/{@code
     * addrLen} may be NULL. Restarted on EINTR.
     */
    public static int accept(int fd, MemorySegment addr, MemorySegment addrLen) throws ErrnoException {
        if (ACCEPT4 == null) {
            return DarwinEmulation.acceptThenFcntl(fd, addr, addrLen);
        }
        return Restart.restarted("accept4", st -> (int) ACCEPT4.invokeExact(st, fd, addr, addrLen, SOCK_CLOEXEC));
    }

    /**
     * connect(2), returning 0 or the errno instead of throwing (Python's {@code connect_ex}).
     * Not restarted: after EINTR the connection continues asynchronously, as after EINPROGRESS.
     */
    public static int connect(int fd, MemorySegment addr, int len) {
        MemorySegment st = Downcall.state();
        return Downcall.invoke(s -> (int) CONNECT.invokeExact(s, fd, addr, len), st) < 0 ? Downcall.errno(st) : 0;
    }

    /** recv(2); 0 at end of stream. Restarted on EINTR. */
    public static long recv(int fd, MemorySegment buf, long n, int flags) throws ErrnoException {
        return Restart.io("recv", RECV_CALL, fd, buf, n, flags);
    }

    /** send(2); returns the bytes sent. Restarted on EINTR. */
    public static long send(int fd, MemorySegment buf, long n, int flags) throws ErrnoException {
        return Restart.io("send", SEND_CALL, fd, buf, n, flags);
    }

    /** recv(2) restarted on EINTR: the count, or minus the errno (-EAGAIN when nothing is there yet). */
    public static long tryRecv(int fd, MemorySegment buf, long n, int flags) {
        return Restart.attempt(RECV_CALL, fd, buf, n, flags, MemorySegment.NULL, MemorySegment.NULL, 0);
    }

    /** send(2) restarted on EINTR: the count, or minus the errno (-EAGAIN when the buffer is full). */
    public static long trySend(int fd, MemorySegment buf, long n, int flags) {
        return Restart.attempt(SEND_CALL, fd, buf, n, flags, MemorySegment.NULL, MemorySegment.NULL, 0);
    }

    /**
     * {@link #tryRecv} with MSG_DONTWAIT added, straight into {@code buf}, which may be a heap
     * segment (a Java array): a critical call, so it must never block; -EAGAIN where it would.
     */
    public static long recvNow(int fd, MemorySegment buf, long n, int flags) {
        return Restart.attempt(RECV_HEAP_CALL, fd, buf, n, flags | MSG_DONTWAIT, MemorySegment.NULL, MemorySegment.NULL, 0);
    }

    /** {@link #trySend} as {@link #recvNow}: from a heap or native segment, never blocking. */
    public static long sendNow(int fd, MemorySegment buf, long n, int flags) {
        return Restart.attempt(SEND_HEAP_CALL, fd, buf, n, flags | MSG_DONTWAIT, MemorySegment.NULL, MemorySegment.NULL, 0);
    }

    /**
     * recvfrom(2) restarted on EINTR: the count (0 at end of stream) or minus the errno; the
     * sender's address goes to {@code addr}, its length to {@code addrLen} (0 when the socket
     * reports none).
     */
    public static long tryRecvfrom(int fd, MemorySegment buf, long n, int flags, MemorySegment addr, MemorySegment addrLen) {
        return Restart.attempt(RECVFROM_CALL, fd, buf, n, flags, addr, addrLen, 0);
    }

    /** sendto(2) to the {@code len}-byte address {@code addr}, restarted on EINTR: the count or minus the errno. */
    public static long trySendto(int fd, MemorySegment buf, long n, int flags, MemorySegment addr, int len) {
        return Restart.attempt(SENDTO_CALL, fd, buf, n, flags, addr, MemorySegment.NULL, len);
    }

    public static void shutdown(int fd, int how) throws ErrnoException {
        Downcall.call("shutdown", st -> (int) SHUTDOWN.invokeExact(st, fd, how));
    }

    /** getsockname(2) into {@code addr}; {@code addrLen} holds the socklen_t in and out. */
    public static void getsockname(int fd, MemorySegment addr, MemorySegment addrLen) throws ErrnoException {
        Downcall.call("getsockname", st -> (int) GETSOCKNAME.invokeExact(st, fd, addr, addrLen));
    }

    /** getpeername(2) into {@code addr}; {@code addrLen} holds the socklen_t in and out. */
    public static void getpeername(int fd, MemorySegment addr, MemorySegment addrLen) throws ErrnoException {
        Downcall.call("getpeername", st -> (int) GETPEERNAME.invokeExact(st, fd, addr, addrLen));
    }

    public static void setsockopt(int fd, int level, int option, MemorySegment value, int len) throws ErrnoException {
        Downcall.call("setsockopt", st -> (int) SETSOCKOPT.invokeExact(st, fd, level, option, value, len));
    }

    public static void getsockopt(int fd, int level, int option, MemorySegment value, MemorySegment len) throws ErrnoException {
        Downcall.call("getsockopt", st -> (int) GETSOCKOPT.invokeExact(st, fd, level, option, value, len));
    }
}
