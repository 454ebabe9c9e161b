package dev.jselect.net;

import dev.jselect.ErrnoException;
import dev.jselect.HasFileno;
import dev.jselect.internal.Errno;
import dev.jselect.internal.IoBuffer;
import dev.jselect.internal.OwnedFd;
import dev.jselect.internal.Platform;
import dev.jselect.internal.SockAddr;
import dev.jselect.internal.Staging;
import dev.jselect.internal.Syscalls;
import dev.jselect.os.Os;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A socket on a raw file descriptor: the subset of Python's {@code socket.socket} that select
 * programs use, for IPv4, IPv6 and AF_UNIX. Every socket is created close-on-exec (Python's
 * non-inheritable sockets) and starts blocking.
 *
 * <p>Differences from Python, all deliberate:
 * <ul>
 * <li>Hosts are numeric literals, {@code "localhost"} or {@code ""} (any address); there is no
 *     name lookup. A bad host or a port outside 0-65535 throws {@link IllegalArgumentException}
 *     before any system call (Python: {@code gaierror}, {@code OverflowError}).
 * <li>After {@link #close()}, {@link #fileno()} returns -1 as in Python, but every other call
 *     throws {@link IllegalStateException} (Python lets the call fail with EBADF, and
 *     {@code connect_ex} returns 9).
 * <li>The descriptor is closed exactly once, and never while another thread is inside a call on
 *     this socket: {@code close()} then marks the socket closed at once and the descriptor is
 *     released when that call returns (use {@link #shutdown} first to wake a blocked reader).
 * <li>There are no timeouts: a socket is blocking or not ({@link #setBlocking}); a nonblocking
 *     call that would block throws {@link ErrnoException} with EAGAIN (Python's BlockingIOError).
 * <li>send(2) uses MSG_NOSIGNAL: writing to a closed peer gives EPIPE, never SIGPIPE.
 * <li>Heap bytes (arrays, heap buffers) go to the kernel directly when the call cannot block,
 *     else through a bounded, reused native buffer ({@link Staging}): such a call on a stream
 *     socket moves at most {@link Staging#LIMIT} of them (a short count, which streams allow
 *     anyway); a datagram is never split or truncated. Direct buffers go straight to the kernel.
 * </ul>
 */
public final class NativeSocket implements HasFileno, AutoCloseable {
    public static final int AF_INET = Platform.constant("AF_INET");
    public static final int AF_INET6 = Platform.constant("AF_INET6");
    public static final int AF_UNIX = Platform.constant("AF_UNIX");
    public static final int SOCK_STREAM = Platform.constant("SOCK_STREAM");
    public static final int SOCK_DGRAM = Platform.constant("SOCK_DGRAM");
    public static final int SOCK_NONBLOCK = Platform.constant("SOCK_NONBLOCK");
    private static final int SOCK_CLOEXEC = Platform.constant("SOCK_CLOEXEC");
    public static final int SOL_SOCKET = Platform.constant("SOL_SOCKET");
    public static final int SO_REUSEADDR = Platform.constant("SO_REUSEADDR");
    public static final int SO_REUSEPORT = Platform.constant("SO_REUSEPORT");
    public static final int SO_KEEPALIVE = Platform.constant("SO_KEEPALIVE");
    public static final int SO_ERROR = Platform.constant("SO_ERROR");
    /** Set with {@link #setLinger}, read with {@link #getLinger}: its value is a {@code struct linger}, not an int. */
    public static final int SO_LINGER = Platform.constant("SO_LINGER");
    public static final int SO_TYPE = Platform.constant("SO_TYPE");
    public static final int SO_RCVBUF = Platform.constant("SO_RCVBUF");
    public static final int SO_SNDBUF = Platform.constant("SO_SNDBUF");
    public static final int IPPROTO_TCP = Platform.constant("IPPROTO_TCP");
    public static final int IPPROTO_IPV6 = Platform.constant("IPPROTO_IPV6");
    public static final int IPV6_V6ONLY = Platform.constant("IPV6_V6ONLY");
    public static final int TCP_NODELAY = Platform.constant("TCP_NODELAY");
    public static final int TCP_CORK = Platform.constant("TCP_CORK");
    public static final int SHUT_RD = Platform.constant("SHUT_RD");
    public static final int SHUT_WR = Platform.constant("SHUT_WR");
    public static final int SHUT_RDWR = Platform.constant("SHUT_RDWR");
    public static final int SOMAXCONN = Platform.constant("SOMAXCONN");

    private static final StructLayout LINGER = (StructLayout) Platform.abi().layout("linger");
    private static final long L_ONOFF = LINGER.byteOffset(PathElement.groupElement("l_onoff"));
    private static final long L_LINGER = LINGER.byteOffset(PathElement.groupElement("l_linger"));
    /** recv flag: look at the data without taking it from the queue. */
    public static final int MSG_PEEK = Platform.constant("MSG_PEEK");
    /** recv/send flag: this one call does not block, whatever the socket's mode (EAGAIN instead). */
    public static final int MSG_DONTWAIT = Platform.constant("MSG_DONTWAIT");
    /** recv flag: wait for the whole request (unless a signal, an error or the end of stream comes first). */
    public static final int MSG_WAITALL = Platform.constant("MSG_WAITALL");
    /** send flag: no SIGPIPE for a closed peer (jselect adds it to every send anyway, as the interpreter ignores SIGPIPE). */
    public static final int MSG_NOSIGNAL = Platform.constant("MSG_NOSIGNAL");
    private static final int POLLOUT = Platform.constant("POLLOUT");
    /** Python's listen() default: min(SOMAXCONN, 128). */
    private static final int DEFAULT_BACKLOG = Math.min(SOMAXCONN, 128);

    private final OwnedFd fd;
    private final int family;
    private final int type;
    /** Datagram, seqpacket or raw: one call moves one whole message, which staging must never split or truncate. */
    private final boolean message;

    private NativeSocket(int fd, int family, int type) {
        this.fd = new OwnedFd(fd, "socket");
        this.family = family;
        this.type = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
        this.message = this.type != SOCK_STREAM;
    }

    // ---- creating sockets ----

    /**
     * Python {@code socket.socket(family, type)}: a new socket, close-on-exec. {@code type} may
     * include {@link #SOCK_NONBLOCK}. An unsupported family or type is the kernel's errno.
     */
    public static NativeSocket open(int family, int type) throws IOException {
        return new NativeSocket(Syscalls.socket(family, type, 0), family, type);
    }

    /**
     * Python {@code socket.create_server((host, port))}: a TCP socket with SO_REUSEADDR, bound
     * and listening with Python's default backlog. The family follows the host: AF_INET6 for an
     * IPv6 literal (with IPV6_V6ONLY set, as Python does), else AF_INET. Port 0 picks a free port;
     * read it back with {@link #getSockName()}.
     */
    public static NativeSocket createServer(String host, int port) throws IOException {
        int family = SockAddr.familyOf(host);
        byte[] address = SockAddr.inet(family, host, port);
        NativeSocket s = open(family, SOCK_STREAM);
        try {
            s.setSockOpt(SOL_SOCKET, SO_REUSEADDR, 1);
            if (family == AF_INET6) {
                s.setSockOpt(IPPROTO_IPV6, IPV6_V6ONLY, 1);
            }
            try {
                s.bind(address);
            } catch (ErrnoException e) {
                throw new ErrnoException(e.errno(), "error while attempting to bind on address ('" + host + "', " + port + ")");
            }
            s.listen();
            return s;
        } catch (IOException | RuntimeException e) {
            s.closeAfter(e);
            throw e;
        }
    }

    /**
     * Python {@code socket.create_connection((host, port))}: a TCP socket connected with a
     * blocking connect. The family follows the host, as in {@link #createServer}.
     */
    public static NativeSocket createConnection(String host, int port) throws IOException {
        int family = SockAddr.familyOf(host);
        byte[] address = SockAddr.inet(family, host, port);
        NativeSocket s = open(family, SOCK_STREAM);
        try {
            s.connect(address);
            return s;
        } catch (IOException | RuntimeException e) {
            s.closeAfter(e);
            throw e;
        }
    }

    /** Python {@code socket.socketpair()}: two connected AF_UNIX stream sockets, close-on-exec. */
    public static SocketPair socketpair() throws IOException {
        return socketpair(AF_UNIX, SOCK_STREAM);
    }

    /** Python {@code socket.socketpair(family, type)}: e.g. AF_UNIX with {@link #SOCK_DGRAM}. */
    public static SocketPair socketpair(int family, int type) throws IOException {
        int[] fds = Syscalls.socketpair(family, type, 0);
        return new SocketPair(new NativeSocket(fds[0], family, type), new NativeSocket(fds[1], family, type));
    }

    private void closeAfter(Exception failure) {
        try {
            close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    // ---- options ----

    /** One system call on the descriptor, made while it is held open (see {@link OwnedFd}). */
    @FunctionalInterface
    private interface Call {
        void on(int fd) throws IOException;
    }

    private void call(Call call) throws IOException {
        int s = fd.acquire();
        try {
            call.on(s);
        } finally {
            fd.release();
        }
    }

    /** Python {@code sock.setsockopt(level, option, value)} with an int value. */
    public void setSockOpt(int level, int option, int value) throws IOException {
        int s = fd.acquire(); // written out, not through call(): no capturing lambda per call (TCP_CORK goes per request)
        try {
            MemorySegment v = IoBuffer.get(4);
            v.set(ValueLayout.JAVA_INT, 0, value);
            Syscalls.setsockopt(s, level, option, v, 4);
        } finally {
            fd.release();
        }
    }

    /** Python {@code sock.getsockopt(level, option)}: the option as an int. */
    public int getSockOpt(int level, int option) throws IOException {
        int s = fd.acquire();
        try {
            MemorySegment v = IoBuffer.get(8); // int value, then its socklen_t
            v.set(ValueLayout.JAVA_INT, 0, 0);
            v.set(ValueLayout.JAVA_INT, 4, 4);
            Syscalls.getsockopt(s, level, option, v.asSlice(0, 4), v.asSlice(4, 4));
            return v.get(ValueLayout.JAVA_INT, 0);
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.setsockopt(SOL_SOCKET, SO_LINGER, struct.pack("ii", on, seconds))}.
     * {@code setLinger(true, 0)} makes {@link #close()} reset the connection (RST) instead of
     * closing it gracefully (FIN), dropping unsent data; {@code setLinger(true, n)} makes a
     * blocking close wait up to {@code n} seconds for unsent data to go; {@code setLinger(false, 0)}
     * is the default. On macOS this is BSD's SO_LINGER (Python's constant there), whose time the
     * kernel counts in clock ticks; 0 resets on every platform.
     *
     * @throws IllegalArgumentException for negative seconds
     */
    public void setLinger(boolean on, int seconds) throws IOException {
        if (seconds < 0) {
            throw new IllegalArgumentException("negative linger time: " + seconds);
        }
        call(s -> {
            MemorySegment v = IoBuffer.get(LINGER.byteSize());
            v.set(ValueLayout.JAVA_INT, L_ONOFF, on ? 1 : 0);
            v.set(ValueLayout.JAVA_INT, L_LINGER, seconds);
            Syscalls.setsockopt(s, SOL_SOCKET, SO_LINGER, v, (int) LINGER.byteSize());
        });
    }

    /**
     * Python {@code struct.unpack("ii", sock.getsockopt(SOL_SOCKET, SO_LINGER, 8))}, folded into
     * one int: the linger time in seconds when lingering is on, -1 when it is off.
     */
    public int getLinger() throws IOException {
        int s = fd.acquire();
        try {
            long size = LINGER.byteSize();
            MemorySegment v = IoBuffer.get(size + 4); // struct linger, then its socklen_t
            v.asSlice(0, size).fill((byte) 0);
            v.set(ValueLayout.JAVA_INT, size, (int) size);
            Syscalls.getsockopt(s, SOL_SOCKET, SO_LINGER, v.asSlice(0, size), v.asSlice(size, 4));
            return v.get(ValueLayout.JAVA_INT, L_ONOFF) != 0 ? v.get(ValueLayout.JAVA_INT, L_LINGER) : -1;
        } finally {
            fd.release();
        }
    }

    // ---- addresses, listening, connecting ----

    /** Python {@code sock.bind((host, port))} for AF_INET and AF_INET6 sockets. */
    public void bind(String host, int port) throws IOException {
        bind(inetAddress(host, port));
    }

    /** Python {@code sock.bind(path)} for AF_UNIX sockets ("\0name" is a Linux abstract name, "" autobinds). */
    public void bind(String path) throws IOException {
        bind(unixAddress(path));
    }

    private void bind(byte[] address) throws IOException {
        call(s -> Syscalls.bind(s, SockAddr.copyIn(address), address.length));
    }

    /** Python {@code sock.listen(backlog)}; a negative backlog counts as 0, as in Python. */
    public void listen(int backlog) throws IOException {
        call(s -> Syscalls.listen(s, Math.max(backlog, 0)));
    }

    /** Python {@code sock.listen()}: the default backlog, min(SOMAXCONN, 128). */
    public void listen() throws IOException {
        listen(DEFAULT_BACKLOG);
    }

    /**
     * Python {@code sock.accept()}: the new connection and its peer's address. The new socket is
     * close-on-exec and blocking whatever the listener's mode (as in Python without a default
     * timeout). On a nonblocking listener with nobody waiting: {@link ErrnoException} EAGAIN.
     */
    public Accepted accept() throws IOException {
        int s = fd.acquire();
        try {
            MemorySegment address = SockAddr.storage();
            NativeSocket accepted = new NativeSocket(Syscalls.accept(s, address, SockAddr.storageLength()), family, type);
            try {
                return new Accepted(accepted, SockAddr.decode(address));
            } catch (RuntimeException e) {
                accepted.closeAfter(e);
                throw e;
            }
        } finally {
            fd.release();
        }
    }

    /** Python {@code sock.connect((host, port))}: throws the errno, EINPROGRESS on a nonblocking socket. */
    public void connect(String host, int port) throws IOException {
        connect(inetAddress(host, port));
    }

    /** Python {@code sock.connect(path)} for AF_UNIX sockets. */
    public void connect(String path) throws IOException {
        connect(unixAddress(path));
    }

    private void connect(byte[] address) throws IOException {
        int errno = connectEx(address);
        if (errno != 0) {
            throw new ErrnoException(errno, "connect");
        }
    }

    /**
     * Python {@code sock.connect_ex((host, port))}: 0 on success, else the errno, EINPROGRESS for
     * a nonblocking socket whose connection is under way (wait until it is writable, then read
     * {@link #SO_ERROR}). A bad address still throws {@link IllegalArgumentException}.
     */
    public int connectEx(String host, int port) throws IOException {
        return connectEx(inetAddress(host, port));
    }

    /** Python {@code sock.connect_ex(path)} for AF_UNIX sockets. */
    public int connectEx(String path) throws IOException {
        return connectEx(unixAddress(path));
    }

    private int connectEx(byte[] address) throws IOException {
        int s = fd.acquire();
        try {
            int errno = Syscalls.connect(s, SockAddr.copyIn(address), address.length);
            if (errno == Errno.EINTR && Os.getBlocking(s)) {
                // the connection goes on in the background (PEP 475 and CPython's internal_connect): wait for it
                awaitWritable(s);
                errno = getSockOpt(SOL_SOCKET, SO_ERROR);
            }
            return errno;
        } finally {
            fd.release();
        }
    }

    private static void awaitWritable(int s) throws IOException {
        StructLayout pollfd = (StructLayout) Platform.abi().layout("pollfd");
        try (Arena arena = Arena.ofConfined()) { // rare path: a signal interrupted a blocking connect
            MemorySegment p = arena.allocate(pollfd);
            p.set(ValueLayout.JAVA_INT, pollfd.byteOffset(PathElement.groupElement("fd")), s);
            p.set(ValueLayout.JAVA_SHORT, pollfd.byteOffset(PathElement.groupElement("events")), (short) POLLOUT);
            Syscalls.poll(p, 1, -1);
        }
    }

    private byte[] inetAddress(String host, int port) {
        if (family == AF_UNIX) {
            throw new IllegalArgumentException("an AF_UNIX socket takes a path, not a host and port");
        }
        return SockAddr.inet(family, host, port);
    }

    /** The C image of {@code address} for this socket's family: an InetSocketAddress, unresolved with a path for AF_UNIX. */
    private byte[] socketAddress(SocketAddress address) {
        if (!(Objects.requireNonNull(address, "address") instanceof InetSocketAddress a)) {
            throw new IllegalArgumentException("not an InetSocketAddress: " + address.getClass().getName());
        }
        if (family == AF_UNIX) {
            if (!a.isUnresolved()) {
                throw new IllegalArgumentException("an AF_UNIX socket takes a path (an unresolved address), not " + a);
            }
            return SockAddr.unix(a.getHostString());
        }
        return a.isUnresolved() ? SockAddr.inet(family, a.getHostString(), a.getPort()) : SockAddr.inet(family, a.getAddress(), a.getPort());
    }

    private byte[] unixAddress(String path) {
        if (family != AF_UNIX) {
            throw new IllegalArgumentException("only an AF_UNIX socket takes a path; this one takes a host and port");
        }
        return SockAddr.unix(path);
    }

    /**
     * Python {@code sock.getpeername()}. For AF_UNIX the address is unresolved, with the peer's
     * path as host string ("" when unnamed) and port 0.
     */
    public InetSocketAddress getPeerName() throws IOException {
        return name(true);
    }

    /** Python {@code sock.getsockname()}; AF_UNIX addresses as in {@link #getPeerName()}. */
    public InetSocketAddress getSockName() throws IOException {
        return name(false);
    }

    private InetSocketAddress name(boolean peer) throws IOException {
        MemorySegment address = SockAddr.storage();
        call(s -> {
            if (peer) {
                Syscalls.getpeername(s, address, SockAddr.storageLength());
            } else {
                Syscalls.getsockname(s, address, SockAddr.storageLength());
            }
        });
        return SockAddr.decode(address);
    }

    // ---- data ----
    //
    // Native memory (a direct buffer) is handed to the kernel as it is. Heap bytes (arrays, heap
    // buffers) first go to the kernel directly in a call that cannot block (MSG_DONTWAIT, made
    // as a critical call, the only kind that may touch the Java heap); only when that would
    // block do they go through a Staging buffer in a call that may wait: at most Staging.LIMIT
    // bytes for a stream, all of them for a message socket or MSG_WAITALL. So the private
    // receive/transmit methods are already "try without blocking, else one call that waits",
    // and a readiness gate can replace that last call.

    /**
     * Python {@code sock.recv(bufsize)}: up to {@code bufsize} bytes, an empty array at end of
     * stream. Nonblocking with nothing to read: {@link ErrnoException} EAGAIN. The array has
     * exactly the length received; on a stream socket one call returns at most
     * {@link Staging#LIMIT} bytes (a short count, which streams allow), a datagram comes whole.
     */
    public byte[] recv(int bufsize) throws IOException {
        return recv(bufsize, 0);
    }

    /** Python {@code sock.recv(bufsize, flags)}: {@link #recv(int)} with {@link #MSG_PEEK}, {@link #MSG_DONTWAIT}, {@link #MSG_WAITALL}, ... */
    public byte[] recv(int bufsize, int flags) throws IOException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recv");
        }
        int s = fd.acquire();
        try {
            return receiveArray(s, bufsize, flags, false);
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.recvfrom(bufsize)}: a datagram (or, on a stream, up to {@code bufsize}
     * bytes) and the sender's address. The address is null where the kernel reports none (a
     * connected stream, an unnamed socketpair peer), as Python's None; an AF_UNIX sender comes as
     * {@link #getPeerName()} describes. A datagram longer than {@code bufsize} is truncated by
     * the kernel, as in Python; staging never truncates one.
     */
    public Datagram recvFrom(int bufsize) throws IOException {
        return recvFrom(bufsize, 0);
    }

    /** Python {@code sock.recvfrom(bufsize, flags)}. */
    public Datagram recvFrom(int bufsize, int flags) throws IOException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recvfrom");
        }
        int s = fd.acquire();
        try {
            byte[] data = receiveArray(s, bufsize, flags, true);
            return new Datagram(data, SockAddr.decodeOrNull());
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.recv_into(buffer)}: reads into {@code dst} from its position up to its
     * limit, advances the position, and returns the count (0 at end of stream). A direct buffer
     * is read into without copying.
     */
    public int recvInto(ByteBuffer dst) throws IOException {
        return recvInto(dst, 0);
    }

    /** Python {@code sock.recv_into(buffer, 0, flags)}: {@link #recvInto(ByteBuffer)} with flags. */
    public int recvInto(ByteBuffer dst, int flags) throws IOException {
        MemorySegment target = writable(dst);
        int s = fd.acquire();
        try {
            int got = (int) receive(s, target, 0, target.byteSize(), flags, false);
            dst.position(dst.position() + got);
            return got;
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.recvfrom_into(buffer)}, shaped as {@code DatagramChannel.receive}: reads
     * into {@code dst} from its position, advances the position by the count, and returns the
     * sender's address (null where the kernel reports none; see {@link #recvFrom(int)}).
     */
    public SocketAddress recvFromInto(ByteBuffer dst) throws IOException {
        return recvFromInto(dst, 0);
    }

    /** Python {@code sock.recvfrom_into(buffer, 0, flags)}. */
    public SocketAddress recvFromInto(ByteBuffer dst, int flags) throws IOException {
        MemorySegment target = writable(dst);
        int s = fd.acquire();
        try {
            int got = (int) receive(s, target, 0, target.byteSize(), flags, true);
            dst.position(dst.position() + got);
            return SockAddr.decodeOrNull();
        } finally {
            fd.release();
        }
    }

    /** Python {@code sock.recv_into(bytearray)}: fills {@code dst} from index 0, returns the count. */
    public int recvInto(byte[] dst) throws IOException {
        return recvInto(dst, 0, dst.length, 0);
    }

    /**
     * Python {@code sock.recv_into(memoryview(buf)[off:off + len])}: up to {@code len} bytes into
     * {@code dst} at {@code off}, the count returned (0 at end of stream). The porter's way to
     * read without a new array per call.
     *
     * @throws IndexOutOfBoundsException when {@code off}/{@code len} fall outside {@code dst}
     */
    public int recvInto(byte[] dst, int off, int len) throws IOException {
        return recvInto(dst, off, len, 0);
    }

    /** {@link #recvInto(byte[], int, int)} with flags. */
    public int recvInto(byte[] dst, int off, int len, int flags) throws IOException {
        Objects.checkFromIndexSize(off, len, dst.length);
        int s = fd.acquire();
        try {
            return (int) receive(s, MemorySegment.ofArray(dst), off, len, flags, false);
        } finally {
            fd.release();
        }
    }

    /** Python {@code sock.send(data)}: the number of bytes sent, perhaps fewer than {@code data.length}. */
    public int send(byte[] data) throws IOException {
        return send(data, 0, data.length, 0);
    }

    /** Python {@code sock.send(data, flags)}. */
    public int send(byte[] data, int flags) throws IOException {
        return send(data, 0, data.length, flags);
    }

    /**
     * Python {@code sock.send(memoryview(data)[off:off + len])}: sends from {@code data} at
     * {@code off}, at most {@code len} bytes, and returns how many went; no copy of the array
     * is made beyond what one call stages.
     *
     * @throws IndexOutOfBoundsException when {@code off}/{@code len} fall outside {@code data}
     */
    public int send(byte[] data, int off, int len) throws IOException {
        return send(data, off, len, 0);
    }

    /** {@link #send(byte[], int, int)} with flags. */
    public int send(byte[] data, int off, int len, int flags) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        int s = fd.acquire();
        try {
            return (int) transmit(s, MemorySegment.ofArray(data), off, len, flags, null);
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.send(buffer)}: sends from {@code src}'s position up to its limit,
     * advances the position past what was sent and returns that count. A direct buffer is sent
     * without copying.
     */
    public int send(ByteBuffer src) throws IOException {
        return send(src, 0);
    }

    /** Python {@code sock.send(buffer, flags)}. */
    public int send(ByteBuffer src, int flags) throws IOException {
        MemorySegment source = MemorySegment.ofBuffer(src);
        int s = fd.acquire();
        try {
            int sent = (int) transmit(s, source, 0, source.byteSize(), flags, null);
            src.position(src.position() + sent);
            return sent;
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.sendto(data, address)}: one datagram to {@code address}, an
     * {@link InetSocketAddress} (for AF_UNIX: an unresolved one whose host string is the path,
     * as {@link #getPeerName()} returns them). A datagram is sent whole or not at all: too long
     * for the kernel, it is {@link ErrnoException} EMSGSIZE, as in Python.
     */
    public int sendTo(byte[] data, SocketAddress address) throws IOException {
        return sendTo(data, 0, address);
    }

    /** Python {@code sock.sendto(data, flags, address)}. */
    public int sendTo(byte[] data, int flags, SocketAddress address) throws IOException {
        byte[] to = socketAddress(address);
        int s = fd.acquire();
        try {
            return (int) transmit(s, MemorySegment.ofArray(data), 0, data.length, flags, to);
        } finally {
            fd.release();
        }
    }

    /** Python {@code sock.sendto(data, (host, port))}. */
    public int sendTo(byte[] data, String host, int port) throws IOException {
        byte[] to = inetAddress(host, port);
        int s = fd.acquire();
        try {
            return (int) transmit(s, MemorySegment.ofArray(data), 0, data.length, 0, to);
        } finally {
            fd.release();
        }
    }

    /** {@code DatagramChannel.send(src, address)}: {@link #sendTo(byte[], SocketAddress)} from {@code src}'s position; the position advances by the count. */
    public int sendTo(ByteBuffer src, SocketAddress address) throws IOException {
        byte[] to = socketAddress(address);
        MemorySegment source = MemorySegment.ofBuffer(src);
        int s = fd.acquire();
        try {
            int sent = (int) transmit(s, source, 0, source.byteSize(), 0, to);
            src.position(src.position() + sent);
            return sent;
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.sendall(data)}: sends everything, looping over short sends. On a
     * nonblocking socket whose buffer fills up it throws {@link ErrnoException} EAGAIN, as
     * Python does, with the number of bytes already sent in the message.
     */
    public void sendAll(byte[] data) throws IOException {
        sendAll(data, 0);
    }

    /** Python {@code sock.sendall(data, flags)}. */
    public void sendAll(byte[] data, int flags) throws IOException {
        int s = fd.acquire();
        try {
            MemorySegment source = MemorySegment.ofArray(data);
            long sent = 0;
            try {
                while (sent < data.length) {
                    sent += transmit(s, source, sent, data.length - sent, flags, null);
                }
            } catch (ErrnoException e) {
                throw sendAllFailed(e, sent, data.length);
            }
        } finally {
            fd.release();
        }
    }

    /** Python {@code sock.sendall(buffer)}: {@link #sendAll(byte[])} from position to limit; the position ends past what was sent. */
    public void sendAll(ByteBuffer src) throws IOException {
        MemorySegment source = MemorySegment.ofBuffer(src);
        int s = fd.acquire();
        long sent = 0;
        try {
            while (sent < source.byteSize()) {
                sent += transmit(s, source, sent, source.byteSize() - sent, 0, null);
            }
        } catch (ErrnoException e) {
            throw sendAllFailed(e, sent, source.byteSize());
        } finally {
            src.position(src.position() + (int) sent);
            fd.release();
        }
    }

    /** Python's BlockingIOError from sendall says how much went before the buffer filled. */
    private static ErrnoException sendAllFailed(ErrnoException e, long sent, long size) {
        return e.errno() == Errno.EAGAIN ? new ErrnoException(e.errno(), "sendall: " + sent + " of " + size + " bytes sent") : e;
    }

    /**
     * One send(2), or sendto(2) when {@code to} is an address image: {@code len} bytes of
     * {@code source} from {@code off}, straight from native memory, else staged (see above).
     */
    private long transmit(int s, MemorySegment source, long off, long len, int flags, byte[] to) throws ErrnoException {
        int f = flags | MSG_NOSIGNAL;
        if (source.isNative()) {
            return transmitNative(s, off == 0 ? source : source.asSlice(off), len, f, to);
        }
        if (to == null) {
            // heap bytes straight to the kernel, if it takes them without waiting (no copy, no limit)
            long sent = Syscalls.sendNow(s, off == 0 ? source : source.asSlice(off), len, f);
            if (sent >= 0) {
                return sent;
            }
        }
        long n = message ? len : Math.min(len, Staging.LIMIT);
        try (Staging.Staged staged = Staging.take(n)) {
            MemorySegment buf = staged.segment();
            MemorySegment.copy(source, off, buf, 0, n);
            return transmitNative(s, buf, n, f, to);
        }
    }

    private static long transmitNative(int s, MemorySegment buf, long n, int flags, byte[] to) throws ErrnoException {
        return to == null ? Syscalls.send(s, buf, n, flags) : Syscalls.sendto(s, buf, n, flags, SockAddr.copyIn(to), to.length);
    }

    /**
     * One recv(2), or recvfrom(2) into this thread's address storage when {@code from}: up to
     * {@code len} bytes into {@code target} at {@code off}, straight into native memory, else
     * through staging (see above).
     */
    private long receive(int s, MemorySegment target, long off, long len, int flags, boolean from) throws ErrnoException {
        if (target.isNative()) {
            return receiveNative(s, off == 0 ? target : target.asSlice(off), len, flags, from);
        }
        if (!from && (flags & MSG_WAITALL) == 0) {
            // straight into the heap, if something is there (no copy); else the call below waits
            long got = Syscalls.recvNow(s, off == 0 ? target : target.asSlice(off), len, flags);
            if (got >= 0) {
                return got;
            }
        }
        try (Staging.Staged staged = Staging.take(stagedSize(len, flags))) {
            MemorySegment buf = staged.segment();
            long got = receiveNative(s, buf, stagedSize(len, flags), flags, from);
            MemorySegment.copy(buf, 0, target, off, got);
            return got;
        }
    }

    /** {@link #receive} into a new array of exactly the length received. */
    private byte[] receiveArray(int s, int bufsize, int flags, boolean from) throws ErrnoException {
        long n = stagedSize(bufsize, flags);
        try (Staging.Staged staged = Staging.take(n)) {
            MemorySegment buf = staged.segment();
            int got = (int) receiveNative(s, buf, n, flags, from);
            byte[] data = new byte[got];
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, data, 0, got);
            return data;
        }
    }

    private static long receiveNative(int s, MemorySegment buf, long n, int flags, boolean from) throws ErrnoException {
        return from ? Syscalls.recvfrom(s, buf, n, flags, SockAddr.storage(), SockAddr.storageLength()) : Syscalls.recv(s, buf, n, flags);
    }

    /** How much one staged receive asks for: all of it where size matters (datagrams, MSG_WAITALL), else at most the staging limit. */
    private long stagedSize(long len, int flags) {
        return message || (flags & MSG_WAITALL) != 0 ? len : Math.min(len, Staging.LIMIT);
    }

    private static MemorySegment writable(ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read-only buffer");
        }
        return MemorySegment.ofBuffer(dst);
    }

    // ---- state ----

    /** Python {@code sock.setblocking(flag)}: clears or sets O_NONBLOCK. */
    public void setBlocking(boolean blocking) throws IOException {
        call(s -> Os.setBlocking(s, blocking));
    }

    /** Python {@code sock.getblocking()}: false when O_NONBLOCK is set. */
    public boolean getBlocking() throws IOException {
        int s = fd.acquire();
        try {
            return Os.getBlocking(s);
        } finally {
            fd.release();
        }
    }

    /** Python {@code sock.shutdown(how)}: {@link #SHUT_RD}, {@link #SHUT_WR} or {@link #SHUT_RDWR}. */
    public void shutdown(int how) throws IOException {
        call(s -> Syscalls.shutdown(s, how));
    }

    /** Python {@code sock.family}: {@link #AF_INET}, {@link #AF_INET6} or {@link #AF_UNIX} (or what {@link #open} was given). */
    public int family() {
        return family;
    }

    /** Python {@code sock.type}: {@link #SOCK_STREAM}, {@link #SOCK_DGRAM}, ... without the creation flags. */
    public int type() {
        return type;
    }

    /** Python {@code sock.fileno()}: the descriptor, or -1 once closed (as in Python). */
    @Override
    public int fileno() {
        return fd.fileno();
    }

    /** Python {@code sock._closed}: true once {@link #close()} was called. */
    public boolean isClosed() {
        return fd.isClosed();
    }

    /**
     * Python {@code sock.close()}: closes the descriptor exactly once; later calls do nothing,
     * even from racing threads. A call in flight on another thread keeps the descriptor until it
     * returns (see the class comment).
     */
    @Override
    public void close() throws IOException {
        fd.close();
    }

    @Override
    public String toString() {
        return "NativeSocket[fd=" + fd.fileno() + ", family=" + family + "]";
    }
}
