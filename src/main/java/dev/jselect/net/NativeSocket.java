package dev.jselect.net;

import dev.jselect.ErrnoException;
import dev.jselect.HasFileno;
import dev.jselect.internal.Errno;
import dev.jselect.internal.IoBuffer;
import dev.jselect.internal.KernelWait;
import dev.jselect.internal.Platform;
import dev.jselect.internal.SockAddr;
import dev.jselect.internal.SocketFd;
import dev.jselect.internal.Syscalls;
import dev.jselect.internal.Unclosed;
import dev.jselect.os.Os;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A socket on a raw file descriptor: the subset of Python's {@code socket.socket} that select
 * programs use, for IPv4, IPv6 and AF_UNIX. Every socket is created close-on-exec (Python's
 * non-inheritable sockets) and starts blocking.
 *
 * <p>Differences from Python, all deliberate:
 * <ul>
 * <li>Hosts are names or numeric literals, resolved as Python resolves them (getaddrinfo; see
 *     {@link #getAddrInfo}); a failed lookup is {@link GaiException} (Python's {@code gaierror}).
 *     A port outside 0-65535 throws {@link IllegalArgumentException} (Python: {@code OverflowError}).
 * <li>After {@link #close()}, {@link #fileno()} returns -1 and every other call throws
 *     {@link ErrnoException} EBADF, as in Python ({@code connectEx} returns EBADF, as
 *     {@code connect_ex} returns 9).
 * <li>The descriptor is closed exactly once, and never while another thread is inside a call on
 *     this socket: {@code close()} then marks the socket closed at once and the descriptor is
 *     released when that call returns (use {@link #shutdown} first to wake a blocked reader).
 * <li>There are no timeouts: a socket is blocking or not ({@link #setBlocking}); a nonblocking
 *     call that would block throws {@link ErrnoException} with EAGAIN (Python's BlockingIOError).
 * <li>send(2) uses MSG_NOSIGNAL: writing to a closed peer gives EPIPE, never SIGPIPE.
 * <li>One {@code recv} into a Java array or heap buffer returns at most 1 MiB
 *     (a short count, which stream sockets allow anyway); direct buffers go straight to
 *     the kernel.
 * </ul>
 */
public final class NativeSocket implements HasFileno, AutoCloseable {
    public static final int AF_INET = Platform.constant("AF_INET");
    public static final int AF_INET6 = Platform.constant("AF_INET6");
    public static final int AF_UNIX = Platform.constant("AF_UNIX");
    public static final int SOCK_STREAM = Platform.constant("SOCK_STREAM");
    public static final int SOCK_DGRAM = Platform.constant("SOCK_DGRAM");
    public static final int SOCK_NONBLOCK = Platform.constant("SOCK_NONBLOCK");
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
    public static final int SOCK_RAW = Platform.constant("SOCK_RAW");
    public static final int AF_UNSPEC = Platform.constant("AF_UNSPEC");
    public static final int IPPROTO_UDP = Platform.constant("IPPROTO_UDP");
    public static final int AI_PASSIVE = Platform.constant("AI_PASSIVE");
    public static final int AI_CANONNAME = Platform.constant("AI_CANONNAME");
    public static final int AI_NUMERICHOST = Platform.constant("AI_NUMERICHOST");
    public static final int AI_NUMERICSERV = Platform.constant("AI_NUMERICSERV");
    public static final int AI_ADDRCONFIG = Platform.constant("AI_ADDRCONFIG");

    private static final StructLayout LINGER = (StructLayout) Platform.abi().layout("linger");
    private static final long L_ONOFF = LINGER.byteOffset(PathElement.groupElement("l_onoff"));
    private static final long L_LINGER = LINGER.byteOffset(PathElement.groupElement("l_linger"));
    private static final int MSG_NOSIGNAL = Platform.constant("MSG_NOSIGNAL");
    private static final int POLLOUT = Platform.constant("POLLOUT");
    /** Python's listen() default: min(SOMAXCONN, 128). */
    private static final int DEFAULT_BACKLOG = Math.min(SOMAXCONN, 128);

    private final SocketFd fd; // its acquire() is EBADF once closed
    private final int family;
    /** Closes the socket, with a WARN line, once it is unreachable unclosed (Python's ResourceWarning). */
    private final Unclosed unclosed;

    private NativeSocket(int fd, int family) {
        SocketFd owned = new SocketFd(fd);
        this.fd = owned;
        this.family = family;
        this.unclosed = Unclosed.warnAndClose(this, "socket (fd " + fd + ", family " + family + ")", () -> {
            try {
                owned.close(); // does nothing after the socket's own close()
            } catch (ErrnoException e) {
                // nobody to tell: the kernel has released the fd either way
            }
        });
    }

    // ---- creating sockets ----

    /**
     * Python {@code socket.socket(family, type)}: a new socket, close-on-exec. {@code type} may
     * include {@link #SOCK_NONBLOCK}. An unsupported family or type is the kernel's errno.
     */
    public static NativeSocket open(int family, int type) throws IOException {
        return new NativeSocket(Syscalls.socket(family, type, 0), family);
    }

    /**
     * Python {@code socket.create_server((host, port))}: a TCP socket with SO_REUSEADDR, bound
     * and listening with Python's default backlog. The family follows the host: AF_INET6 for an
     * IPv6 literal (with IPV6_V6ONLY set, as Python does), else AF_INET, Python's default, where a
     * name is looked up. Port 0 picks a free port; read it back with {@link #getSockName()}.
     */
    public static NativeSocket createServer(String host, int port) throws IOException {
        int family = SockAddr.familyOf(host);
        byte[] address = Resolver.sockaddr(family, host, port);
        NativeSocket s = open(family, SOCK_STREAM);
        try {
            s.setSockOpt(SOL_SOCKET, SO_REUSEADDR, 1);
            if (family == AF_INET6) {
                s.setSockOpt(IPPROTO_IPV6, IPV6_V6ONLY, 1);
            }
            try {
                s.bind(address);
            } catch (ErrnoException e) {
                throw ErrnoException.of(e.errno(), "error while attempting to bind on address ('" + host + "', " + port + ")");
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
     * blocking connect. As CPython, each address getaddrinfo gives for {@code host} (IPv4 and
     * IPv6, in its order) is tried in turn; the first that connects is returned, and when none
     * does, the last failure is thrown, as Python raises it, with the earlier ones suppressed in it.
     */
    public static NativeSocket createConnection(String host, int port) throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (AddrInfo ai : getAddrInfo(host, port, 0, SOCK_STREAM)) {
            NativeSocket s = null;
            try {
                s = open(ai.family(), ai.type(), ai.proto()); // inside the try, as in CPython: no IPv6 here is one more failure
                s.connect(SockAddr.inet(ai.family(), ai.address().getAddress(), port));
                return s;
            } catch (IOException e) {
                if (s != null) {
                    s.closeAfter(e);
                }
                failures.add(e);
            } catch (RuntimeException e) {
                if (s != null) {
                    s.closeAfter(e);
                }
                throw e;
            }
        }
        if (failures.isEmpty()) {
            throw new IOException("getaddrinfo returns an empty list");
        }
        IOException last = failures.removeLast();
        failures.forEach(last::addSuppressed);
        throw last;
    }

    /** Python {@code socket.socket()}: an AF_INET stream (TCP) socket. */
    public static NativeSocket open() throws IOException {
        return open(AF_INET, SOCK_STREAM);
    }

    /** Python {@code socket.socket(family, type, proto)}. */
    public static NativeSocket open(int family, int type, int proto) throws IOException {
        return new NativeSocket(Syscalls.socket(family, type, proto), family);
    }

    /**
     * Python {@code socket.getaddrinfo(host, port, family, type)}: the addresses {@code host}
     * names, in the C library's order; {@code family} and {@code type} 0 mean any. A null host is
     * Python's None (the loopback). A failed lookup is {@link GaiException} with Python's message
     * ("[Errno -2] Name or service not known").
     */
    public static List<AddrInfo> getAddrInfo(String host, int port, int family, int type) throws IOException {
        return Resolver.getAddrInfo(host, port, family, type, 0, 0);
    }

    /** Python {@code socket.getaddrinfo(host, port, family, type, proto, flags)}, flags {@link #AI_PASSIVE}, {@link #AI_CANONNAME}, ... */
    public static List<AddrInfo> getAddrInfo(String host, int port, int family, int type, int proto, int flags) throws IOException {
        return Resolver.getAddrInfo(host, port, family, type, proto, flags);
    }

    /** Python {@code socket.socketpair()}: two connected AF_UNIX stream sockets, close-on-exec. */
    public static SocketPair socketpair() throws IOException {
        int[] fds = Syscalls.socketpair(AF_UNIX, SOCK_STREAM, 0);
        return new SocketPair(new NativeSocket(fds[0], AF_UNIX), new NativeSocket(fds[1], AF_UNIX));
    }

    private void closeAfter(Exception failure) {
        try {
            close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    // ---- options ----

    /** One system call on the descriptor, made while it is held open (see {@link SocketFd}). */
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
        call(s -> {
            MemorySegment v = IoBuffer.get(4);
            v.set(ValueLayout.JAVA_INT, 0, value);
            Syscalls.setsockopt(s, level, option, v, 4);
        });
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

    /** Python {@code sock.bind((host, port))} from an address: its host string (a name or literal) and port. */
    public void bind(InetSocketAddress address) throws IOException {
        bind(address.getHostString(), address.getPort());
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
            NativeSocket accepted = new NativeSocket(Syscalls.accept(s, address, SockAddr.storageLength()), family);
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

    /** Python {@code sock.connect((host, port))} from an address: its host string (a name or literal) and port. */
    public void connect(InetSocketAddress address) throws IOException {
        connect(address.getHostString(), address.getPort());
    }

    /** Python {@code sock.connect(path)} for AF_UNIX sockets. */
    public void connect(String path) throws IOException {
        connect(unixAddress(path));
    }

    private void connect(byte[] address) throws IOException {
        int errno = connectEx(address);
        if (errno != 0) {
            throw ErrnoException.of(errno, "connect");
        }
    }

    /**
     * Python {@code sock.connect_ex((host, port))}: 0 on success, else the errno, EINPROGRESS for
     * a nonblocking socket whose connection is under way (wait until it is writable, then read
     * {@link #SO_ERROR}). A failed lookup still throws ({@link GaiException}).
     */
    public int connectEx(String host, int port) throws IOException {
        return connectEx(inetAddress(host, port));
    }

    /** Python {@code sock.connect_ex(path)} for AF_UNIX sockets. */
    public int connectEx(String path) throws IOException {
        return connectEx(unixAddress(path));
    }

    private int connectEx(byte[] address) throws IOException {
        int s;
        try {
            s = fd.acquire();
        } catch (ErrnoException closed) {
            return closed.errno(); // Python's connect_ex on a closed socket returns EBADF
        }
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
            KernelWait.block(KernelWait.POLL, -1, p, null, null, 1, -1);
        }
    }

    private byte[] inetAddress(String host, int port) throws IOException {
        if (family == AF_UNIX) {
            throw new IllegalArgumentException("an AF_UNIX socket takes a path, not a host and port");
        }
        return Resolver.sockaddr(family, host, port);
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

    /**
     * Python {@code sock.recv(bufsize)}: up to {@code bufsize} bytes, an empty array at end of
     * stream. Nonblocking with nothing to read: {@link ErrnoException} EAGAIN.
     */
    public byte[] recv(int bufsize) throws IOException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recv");
        }
        int s = fd.acquire();
        try {
            MemorySegment buf = IoBuffer.get(Math.min(bufsize, IoBuffer.KEEP));
            long got = Syscalls.recv(s, buf, buf.byteSize(), 0);
            return buf.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE);
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
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read-only buffer");
        }
        MemorySegment target = MemorySegment.ofBuffer(dst);
        int s = fd.acquire();
        try {
            int got;
            if (target.isNative()) {
                got = (int) Syscalls.recv(s, target, target.byteSize(), 0);
            } else {
                MemorySegment buf = IoBuffer.get(Math.min(target.byteSize(), IoBuffer.KEEP));
                got = (int) Syscalls.recv(s, buf, buf.byteSize(), 0);
                MemorySegment.copy(buf, 0, target, 0, got);
            }
            dst.position(dst.position() + got);
            return got;
        } finally {
            fd.release();
        }
    }

    /** Python {@code sock.recv_into(bytearray)}: fills {@code dst} from index 0, returns the count. */
    public int recvInto(byte[] dst) throws IOException {
        return recvInto(ByteBuffer.wrap(dst));
    }

    /** Python {@code sock.send(data)}: the number of bytes sent, perhaps fewer than {@code data.length}. */
    public int send(byte[] data) throws IOException {
        return send(ByteBuffer.wrap(data));
    }

    /**
     * Python {@code sock.send(buffer)}: sends from {@code src}'s position up to its limit,
     * advances the position past what was sent and returns that count. A direct buffer is sent
     * without copying.
     */
    public int send(ByteBuffer src) throws IOException {
        MemorySegment source = MemorySegment.ofBuffer(src);
        int s = fd.acquire();
        try {
            int sent = (int) sendSome(s, source, source.byteSize());
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
        sendAll(ByteBuffer.wrap(data));
    }

    /** Python {@code sock.sendall(buffer)}: {@link #sendAll(byte[])} from position to limit; the position ends at the limit. */
    public void sendAll(ByteBuffer src) throws IOException {
        MemorySegment source = MemorySegment.ofBuffer(src);
        int s = fd.acquire();
        long sent = 0;
        try {
            while (sent < source.byteSize()) {
                sent += sendSome(s, source.asSlice(sent), IoBuffer.KEEP);
            }
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EAGAIN) {
                throw ErrnoException.of(e.errno(), "sendall: " + sent + " of " + source.byteSize() + " bytes sent");
            }
            throw e;
        } finally {
            src.position(src.position() + (int) sent);
            fd.release();
        }
    }

    /**
     * One send(2) of as much of {@code source} as goes. Heap data is staged through native
     * memory, at most {@code chunk} bytes of it, so sendAll never copies the same bytes twice.
     */
    private static long sendSome(int s, MemorySegment source, long chunk) throws ErrnoException {
        if (source.isNative()) {
            return Syscalls.send(s, source, source.byteSize(), MSG_NOSIGNAL);
        }
        long n = Math.min(source.byteSize(), chunk);
        MemorySegment buf = IoBuffer.get(n);
        MemorySegment.copy(source, 0, buf, 0, n);
        return Syscalls.send(s, buf, n, MSG_NOSIGNAL);
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
        try {
            fd.close();
        } finally {
            unclosed.close();
        }
    }

    @Override
    public String toString() {
        return "NativeSocket[fd=" + fd.fileno() + ", family=" + family + "]";
    }
}
