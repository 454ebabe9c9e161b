package dev.jselect.net;

import dev.jselect.internal.sys.SocketCalls;
import dev.jselect.internal.sys.Constants;
import dev.jselect.ErrnoException;
import dev.jselect.HasFileno;
import dev.jselect.internal.net.SocketAddressing;
import dev.jselect.internal.sys.ErrnoNames;
import dev.jselect.internal.Deadline;
import dev.jselect.internal.wait.Waits;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.net.SockAddr;
import dev.jselect.internal.net.SocketFd;
import dev.jselect.internal.net.SocketGate;
import dev.jselect.internal.net.SocketOptions;
import dev.jselect.internal.Staging;
import dev.jselect.internal.Timeouts;
import dev.jselect.internal.Unclosed;
import dev.jselect.os.Os;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
 * <li>Timeouts as in Python ({@link #setTimeout}): none (blocking), zero (non-blocking: a call
 *     that would block throws {@link ErrnoException} EAGAIN, Python's BlockingIOError), or a
 *     time after which a call throws {@link SocketTimeoutException} "timed out". As in CPython a
 *     socket with a timeout has O_NONBLOCK set on its fd and waits with poll(2).
 * <li>On a virtual thread no call blocks the carrier: an operation that would block parks the
 *     virtual thread until the fd is ready (see docs/virtual-threads.md). For accept and
 *     connect, which have no per-call non-blocking flag, the first such call sets O_NONBLOCK on
 *     the fd for good, as the JDK's own sockets do; the socket's timeout, and so every call's
 *     behaviour, stays what it was. {@code Thread.interrupt()} of a parked virtual thread ends the
 *     call with {@link java.io.InterruptedIOException} (socket left open, interrupt status kept);
 *     {@link #close()} from another thread wakes it with the closed-socket exception.
 * <li>send(2) uses MSG_NOSIGNAL: writing to a closed peer gives EPIPE, never SIGPIPE.
 * <li>Heap bytes (arrays, heap buffers) go to the kernel directly when the call cannot block,
 *     else through a bounded, reused native buffer ({@link Staging}): such a call on a stream
 *     socket moves at most {@link Staging#LIMIT} of them (a short count, which streams allow
 *     anyway); a datagram is never split or truncated. Direct buffers go straight to the kernel.
 * </ul>
 *
 * <p>A client, as Python's {@code socket.create_connection}:
 * <pre>{@code
 * try (NativeSocket s = NativeSocket.createConnection("127.0.0.1", 8080, Duration.ofSeconds(5))) {
 *     s.sendAll("ping".getBytes(StandardCharsets.UTF_8));
 *     byte[] reply = s.recv(1024);      // empty once the peer has closed
 * }
 * }</pre>
 */
public final class NativeSocket implements HasFileno, AutoCloseable {
    /** Address family: IPv4. */
    public static final int AF_INET = Constants.AF_INET;
    /** Address family: IPv6. */
    public static final int AF_INET6 = Constants.AF_INET6;
    /** Address family: Unix domain sockets, addressed by a path. */
    public static final int AF_UNIX = Constants.AF_UNIX;
    /** Socket type: a reliable byte stream (TCP for IP). */
    public static final int SOCK_STREAM = Constants.SOCK_STREAM;
    /** Socket type: datagrams (UDP for IP). */
    public static final int SOCK_DGRAM = Constants.SOCK_DGRAM;
    /** Flag OR'ed into the socket type: open the socket in non-blocking mode. */
    public static final int SOCK_NONBLOCK = Constants.SOCK_NONBLOCK;
    private static final int SOCK_CLOEXEC = Constants.SOCK_CLOEXEC;
    /** Option level for the socket itself ({@code SO_*} options). */
    public static final int SOL_SOCKET = Constants.SOL_SOCKET;
    /** Socket option: allow binding to an address still in TIME_WAIT. */
    public static final int SO_REUSEADDR = Constants.SO_REUSEADDR;
    /** Socket option: allow several sockets to bind the same address and port, the kernel spreading connections among them. */
    public static final int SO_REUSEPORT = Constants.SO_REUSEPORT;
    /** Socket option: send keepalive probes on an idle connection. */
    public static final int SO_KEEPALIVE = Constants.SO_KEEPALIVE;
    /** Socket option (read only): the pending error, cleared by reading it; how a non-blocking {@code connect} reports its outcome. */
    public static final int SO_ERROR = Constants.SO_ERROR;
    /** Set with {@link #setLinger}, read with {@link #getLinger}: its value is a {@code struct linger}, not an int. */
    public static final int SO_LINGER = Constants.SO_LINGER;
    /** Socket option (read only): the socket type, such as {@code SOCK_STREAM}. */
    public static final int SO_TYPE = Constants.SO_TYPE;
    /** Socket option: the receive buffer size in bytes. */
    public static final int SO_RCVBUF = Constants.SO_RCVBUF;
    /** Socket option: the send buffer size in bytes. */
    public static final int SO_SNDBUF = Constants.SO_SNDBUF;
    /** Protocol number of TCP; also the option level of {@code TCP_*} options. */
    public static final int IPPROTO_TCP = Constants.IPPROTO_TCP;
    /** Protocol number of IPv6; also the option level of {@code IPV6_*} options. */
    public static final int IPPROTO_IPV6 = Constants.IPPROTO_IPV6;
    /** IPv6 socket option: accept IPv6 only, not IPv4-mapped addresses. */
    public static final int IPV6_V6ONLY = Constants.IPV6_V6ONLY;
    /** TCP socket option: send small segments at once, turning off Nagle's algorithm. */
    public static final int TCP_NODELAY = Constants.TCP_NODELAY;
    /** TCP socket option: hold back partial segments until the option is turned off (Linux only). */
    public static final int TCP_CORK = Constants.TCP_CORK;
    /** For {@code shutdown}: no more receiving. */
    public static final int SHUT_RD = Constants.SHUT_RD;
    /** For {@code shutdown}: no more sending; the peer reads end of stream. */
    public static final int SHUT_WR = Constants.SHUT_WR;
    /** For {@code shutdown}: no more receiving or sending. */
    public static final int SHUT_RDWR = Constants.SHUT_RDWR;
    /** The kernel's largest listen backlog; {@link #listen()} uses the smaller of it and 128. */
    public static final int SOMAXCONN = Constants.SOMAXCONN;
    /** Socket type: raw network protocol access. */
    public static final int SOCK_RAW = Constants.SOCK_RAW;
    /** Address family: any, for {@code getAddrInfo} to return both IPv4 and IPv6. */
    public static final int AF_UNSPEC = Constants.AF_UNSPEC;
    /** Protocol number of UDP. */
    public static final int IPPROTO_UDP = Constants.IPPROTO_UDP;
    /** {@code getAddrInfo} flag: addresses for a server to bind rather than to connect to. */
    public static final int AI_PASSIVE = Constants.AI_PASSIVE;
    /** {@code getAddrInfo} flag: fill in the host's canonical name. */
    public static final int AI_CANONNAME = Constants.AI_CANONNAME;
    /** {@code getAddrInfo} flag: the host is a numeric address; never look a name up. */
    public static final int AI_NUMERICHOST = Constants.AI_NUMERICHOST;
    /** {@code getAddrInfo} flag: the port is numeric. */
    public static final int AI_NUMERICSERV = Constants.AI_NUMERICSERV;
    /** {@code getAddrInfo} flag: only families this host has an address of. */
    public static final int AI_ADDRCONFIG = Constants.AI_ADDRCONFIG;
    /** recv flag: look at the data without taking it from the queue. */
    public static final int MSG_PEEK = Constants.MSG_PEEK;
    /** recv/send flag: this one call does not block, whatever the socket's mode (EAGAIN instead). */
    public static final int MSG_DONTWAIT = Constants.MSG_DONTWAIT;
    /** recv flag: wait for the whole request (unless a signal, an error or the end of stream comes first). */
    public static final int MSG_WAITALL = Constants.MSG_WAITALL;
    /** send flag: no SIGPIPE for a closed peer (jselect adds it to every send anyway, as the interpreter ignores SIGPIPE). */
    public static final int MSG_NOSIGNAL = Constants.MSG_NOSIGNAL;
    private static final int POLLOUT = Constants.POLLOUT;
    private static final int POLLIN = Constants.POLLIN;
    private static final int EWOULDBLOCK = Constants.EWOULDBLOCK;
    /** Python's socket.setdefaulttimeout: nanoseconds, -1 for none (blocking). */
    private static volatile long defaultTimeoutNanos = -1;
    /** Python's listen() default: min(SOMAXCONN, 128). */
    private static final int DEFAULT_BACKLOG = Math.min(SOMAXCONN, 128);

    private final SocketFd fd; // its acquire() is EBADF once closed
    private final int family;
    private final int type;
    /** The timeout, the fd's mode, and the gate every data call passes. */
    private final SocketGate gate;
    /** Closes the socket, with a WARN line, once it is unreachable unclosed (Python's ResourceWarning). */
    private final Unclosed unclosed;

    private NativeSocket(int fd, int family, int type) {
        SocketFd owned = new SocketFd(fd);
        this.fd = owned;
        this.family = family;
        this.type = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
        this.gate = new SocketGate(owned, this.type != SOCK_STREAM); // a message socket: staging never splits a message
        this.unclosed = Unclosed.warnAndClose(this, "socket (fd " + fd + ", family " + family + ")", () -> {
            try {
                owned.close(); // does nothing after the socket's own close()
            } catch (ErrnoException e) {
                // nobody to tell: the kernel has released the fd either way
            }
        });
    }

    /**
     * A socket object for a new fd, with Python's starting timeout: zero when the fd was made
     * non-blocking (SOCK_NONBLOCK), else the default timeout, whose O_NONBLOCK is then set.
     */
    private static NativeSocket adopt(int fd, int family, int type, boolean nonBlocking) throws IOException {
        NativeSocket s = new NativeSocket(fd, family, type);
        long timeout = nonBlocking ? 0 : defaultTimeoutNanos;
        s.gate.setMode(timeout);
        if (timeout > 0) {
            try {
                Os.setBlocking(fd, false);
            } catch (IOException | RuntimeException e) {
                s.closeAfter(e);
                throw e;
            }
        }
        return s;
    }

    // ---- creating sockets ----

    /**
     * Python {@code socket.socket(family, type)}: a new socket, close-on-exec. {@code type} may
     * include {@link #SOCK_NONBLOCK}. An unsupported family or type is the kernel's errno.
     *
     * @param family the address family, such as {@code AF_INET}
     * @param type the socket type, such as {@code SOCK_STREAM}
     * @return the new socket
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static NativeSocket open(int family, int type) throws IOException {
        return adopt(SocketCalls.socket(family, type, 0), family, type, (type & SOCK_NONBLOCK) != 0 && SOCK_NONBLOCK != 0);
    }

    /**
     * Python {@code socket.create_server((host, port))}: a TCP socket with SO_REUSEADDR, bound
     * and listening with Python's default backlog. The family follows the host: AF_INET6 for an
     * IPv6 literal (with IPV6_V6ONLY set, as Python does), else AF_INET, Python's default, where a
     * name is looked up. Port 0 picks a free port; read it back with {@link #getSockName()}.
     *
     * @param host a host name or address ({@code ""} for every address)
     * @param port the port number
     * @return the listening socket
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
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
                throw ErrnoNames.exception(e.errno(), "error while attempting to bind on address ('" + host + "', " + port + ")");
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
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @return the connected socket
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static NativeSocket createConnection(String host, int port) throws IOException {
        return connectFirst(host, port, false, 0);
    }

    /** The loop of CPython's create_connection, with the timeout set on each socket first where {@code setTimeout}. */
    private static NativeSocket connectFirst(String host, int port, boolean setTimeout, long timeoutNanos) throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (AddrInfo ai : getAddrInfo(host, port, 0, SOCK_STREAM)) {
            NativeSocket s = null;
            try {
                s = open(ai.family(), ai.type(), ai.proto()); // inside the try, as in CPython: no IPv6 here is one more failure
                if (setTimeout) {
                    s.setTimeoutNanos(timeoutNanos);
                }
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

    /**
     * Python {@code socket.socket()}: an AF_INET stream (TCP) socket.
     *
     * @return the new socket
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static NativeSocket open() throws IOException {
        return open(AF_INET, SOCK_STREAM);
    }

    /**
     * Python {@code socket.socket(family, type, proto)}.
     *
     * @param family the address family, such as {@code AF_INET}
     * @param type the socket type, such as {@code SOCK_STREAM}
     * @param proto the protocol, {@code 0} for the default
     * @return the new socket
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static NativeSocket open(int family, int type, int proto) throws IOException {
        return adopt(SocketCalls.socket(family, type, proto), family, type, (type & SOCK_NONBLOCK) != 0 && SOCK_NONBLOCK != 0);
    }

    /**
     * Python {@code socket.getaddrinfo(host, port, family, type)}: the addresses {@code host}
     * names, in the C library's order; {@code family} and {@code type} 0 mean any. A null host is
     * Python's None (the loopback). A failed lookup is {@link GaiException} with Python's message
     * ("[ErrnoNames -2] Name or service not known").
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @param family the address family, such as {@code AF_INET}
     * @param type the socket type, such as {@code SOCK_STREAM}
     * @return the addresses, in the resolver's order
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static List<AddrInfo> getAddrInfo(String host, int port, int family, int type) throws IOException {
        return Resolver.getAddrInfo(host, port, family, type, 0, 0);
    }

    /**
     * Python {@code socket.getaddrinfo(host, port, family, type, proto, flags)}, flags {@link #AI_PASSIVE}, {@link #AI_CANONNAME}, ...
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @param family the address family, such as {@code AF_INET}
     * @param type the socket type, such as {@code SOCK_STREAM}
     * @param proto the protocol, {@code 0} for the default
     * @param flags {@code AI_*} flags OR'ed together, 0 for none
     * @return the addresses, in the resolver's order
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static List<AddrInfo> getAddrInfo(String host, int port, int family, int type, int proto, int flags) throws IOException {
        return Resolver.getAddrInfo(host, port, family, type, proto, flags);
    }

    /**
     * Python {@code socket.create_connection((host, port), timeout)}: {@link #createConnection(String, int)}
     * with {@code timeout} set on the socket before it connects ({@code null}: blocking), so the
     * connect waits at most that long ({@link SocketTimeoutException}) and the socket keeps it.
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @param timeout the socket's timeout, which the connect obeys too; {@code null} for blocking
     * @return the connected socket
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static NativeSocket createConnection(String host, int port, Duration timeout) throws IOException {
        return connectFirst(host, port, true, timeoutNanos(timeout));
    }

    /**
     * Python {@code socket.socketpair()}: two connected AF_UNIX stream sockets, close-on-exec, with the default timeout.
     *
     * @return the two connected sockets
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static SocketPair socketpair() throws IOException {
        return socketpair(AF_UNIX, SOCK_STREAM);
    }

    /**
     * Python {@code socket.socketpair(family, type)}: e.g. AF_UNIX with {@link #SOCK_DGRAM}; with the default timeout.
     *
     * @param family the address family, such as {@code AF_INET}
     * @param type the socket type, such as {@code SOCK_STREAM}
     * @return the two connected sockets
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static SocketPair socketpair(int family, int type) throws IOException {
        int[] fds = SocketCalls.socketpair(family, type, 0);
        boolean nonBlocking = (type & SOCK_NONBLOCK) != 0 && SOCK_NONBLOCK != 0;
        NativeSocket first;
        try {
            first = adopt(fds[0], family, type, nonBlocking);
        } catch (IOException | RuntimeException e) {
            Os.close(fds[1]);
            throw e;
        }
        try {
            return new SocketPair(first, adopt(fds[1], family, type, nonBlocking));
        } catch (IOException | RuntimeException e) {
            first.closeAfter(e);
            throw e;
        }
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

    /**
     * Python {@code sock.setsockopt(level, option, value)} with an int value.
     *
     * @param level the option's level, such as {@code SOL_SOCKET}
     * @param option the option, such as {@code SO_REUSEADDR}
     * @param value the option's value
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void setSockOpt(int level, int option, int value) throws IOException {
        int s = fd.acquire(); // written out, not through call(): no capturing lambda per call (TCP_CORK goes per request)
        try {
            SocketOptions.setInt(s, level, option, value);
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.getsockopt(level, option)}: the option as an int.
     *
     * @param level the option's level, such as {@code SOL_SOCKET}
     * @param option the option, such as {@code SO_REUSEADDR}
     * @return the option's value
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int getSockOpt(int level, int option) throws IOException {
        int s = fd.acquire();
        try {
            return SocketOptions.getInt(s, level, option);
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
     * @param on whether linger is on
     * @param seconds how long {@code close} waits for unsent data to go
     * @throws IllegalArgumentException for negative seconds
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void setLinger(boolean on, int seconds) throws IOException {
        if (seconds < 0) {
            throw new IllegalArgumentException("negative linger time: " + seconds);
        }
        call(s -> SocketOptions.setLinger(s, on, seconds));
    }

    /**
     * Python {@code struct.unpack("ii", sock.getsockopt(SOL_SOCKET, SO_LINGER, 8))}, folded into
     * one int: the linger time in seconds when lingering is on, -1 when it is off.
     *
     * @return the linger timeout in seconds, or -1 when linger is off
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int getLinger() throws IOException {
        int s = fd.acquire();
        try {
            return SocketOptions.getLinger(s);
        } finally {
            fd.release();
        }
    }

    // ---- addresses, listening, connecting ----

    /**
     * Python {@code sock.bind((host, port))} for AF_INET and AF_INET6 sockets.
     *
     * @param host a host name or address ({@code ""} for every address)
     * @param port the port number
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void bind(String host, int port) throws IOException {
        bind(inetAddress(host, port));
    }

    /**
     * Python {@code sock.bind((host, port))} from an address: its host string (a name or literal) and port.
     *
     * @param address the address to bind
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void bind(InetSocketAddress address) throws IOException {
        bind(address.getHostString(), address.getPort());
    }

    /**
     * Python {@code sock.bind(path)} for AF_UNIX sockets ("\0name" is a Linux abstract name, "" autobinds).
     *
     * @param path the path of the {@code AF_UNIX} socket
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void bind(String path) throws IOException {
        bind(unixAddress(path));
    }

    private void bind(byte[] address) throws IOException {
        call(s -> SocketAddressing.bind(s, address));
    }

    /**
     * Python {@code sock.listen(backlog)}; a negative backlog counts as 0, as in Python.
     *
     * @param backlog how many pending connections the kernel queues
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void listen(int backlog) throws IOException {
        call(s -> SocketCalls.listen(s, Math.max(backlog, 0)));
    }

    /**
     * Python {@code sock.listen()}: the default backlog, min(SOMAXCONN, 128).
     *
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void listen() throws IOException {
        listen(DEFAULT_BACKLOG);
    }

    /**
     * Python {@code sock.accept()}: the new connection and its peer's address. The new socket is
     * close-on-exec and has the default timeout whatever the listener's (blocking unless
     * {@link #setDefaultTimeout} was called, as in Python). On a nonblocking listener with nobody
     * waiting: {@link ErrnoException} EAGAIN; with a timeout that passes: {@link SocketTimeoutException}.
     *
     * @return the new connection and the peer's address
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public Accepted accept() throws IOException {
        int s = fd.acquire();
        try {
            int conn;
            if (gate.plainBlocking()) {
                conn = SocketAddressing.accept(s);
            } else {
                long deadline = gate.deadline();
                makeFdNonBlocking(s);
                for (;;) {
                    try {
                        conn = SocketAddressing.accept(s);
                        break;
                    } catch (ErrnoException e) {
                        if (!SocketGate.wouldBlock(e.errno()) || gate.timeoutNanos() == 0) {
                            throw e;
                        }
                    }
                    gate.awaitReady(s, POLLIN, deadline);
                }
            }
            NativeSocket accepted = adopt(conn, family, type, false);
            try {
                return new Accepted(accepted, SocketAddressing.acceptedPeer());
            } catch (RuntimeException e) {
                accepted.closeAfter(e);
                throw e;
            }
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.connect((host, port))}: throws the errno, EINPROGRESS on a nonblocking socket.
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void connect(String host, int port) throws IOException {
        connect(inetAddress(host, port));
    }

    /**
     * Python {@code sock.connect((host, port))} from an address: its host string (a name or literal) and port.
     *
     * @param address the address to connect to
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void connect(InetSocketAddress address) throws IOException {
        connect(address.getHostString(), address.getPort());
    }

    /**
     * Python {@code sock.connect(path)} for AF_UNIX sockets.
     *
     * @param path the path of the {@code AF_UNIX} socket
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void connect(String path) throws IOException {
        connect(unixAddress(path));
    }

    private void connect(byte[] address) throws IOException {
        int errno = connectEx(address, true);
        if (errno != 0) {
            throw ErrnoNames.exception(errno, "connect");
        }
    }

    /**
     * Python {@code sock.connect_ex((host, port))}: 0 on success, else the errno, EINPROGRESS for
     * a nonblocking socket whose connection is under way (wait until it is writable, then read
     * {@link #SO_ERROR}). A failed lookup still throws ({@link GaiException}).
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @return 0 on success, else the errno value (Python's {@code connect_ex})
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int connectEx(String host, int port) throws IOException {
        return connectEx(inetAddress(host, port), false);
    }

    /**
     * Python {@code sock.connect_ex(path)} for AF_UNIX sockets.
     *
     * @param path the path of the {@code AF_UNIX} socket
     * @return 0 on success, else the errno value (Python's {@code connect_ex})
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int connectEx(String path) throws IOException {
        return connectEx(unixAddress(path), false);
    }

    /**
     * CPython's internal_connect: a timed (or parking) connect waits for the socket to become
     * writable, then reads SO_ERROR. When the time runs out, {@code connect} throws
     * SocketTimeoutException and {@code connect_ex} returns EWOULDBLOCK, as in CPython.
     */
    private int connectEx(byte[] address, boolean raise) throws IOException {
        int s;
        try {
            s = fd.acquire();
        } catch (ErrnoException closed) {
            return closed.errno(); // Python's connect_ex on a closed socket returns EBADF
        }
        try {
            if (gate.plainBlocking()) {
                int errno = SocketAddressing.connect(s, address);
                if (errno == Constants.EINTR && Os.getBlocking(s)) {
                    // the connection goes on in the background (PEP 475 and CPython's internal_connect): wait for it
                    Waits.awaitFd(s, POLLOUT, Deadline.NONE, null); // a platform thread here: poll(2)
                    errno = getSockOpt(SOL_SOCKET, SO_ERROR);
                }
                return errno;
            }
            long deadline = gate.deadline();
            makeFdNonBlocking(s);
            int errno = SocketAddressing.connect(s, address);
            if (gate.timeoutNanos() == 0 || errno != Constants.EINPROGRESS && errno != Constants.EINTR) {
                return errno;
            }
            try {
                do {
                    gate.awaitReady(s, POLLOUT, deadline);
                } while (!Waits.readyNow(s, POLLOUT));
            } catch (SocketTimeoutException e) {
                if (raise) {
                    throw e;
                }
                return EWOULDBLOCK;
            }
            return getSockOpt(SOL_SOCKET, SO_ERROR);
        } finally {
            fd.release();
        }
    }

    private byte[] inetAddress(String host, int port) throws IOException {
        if (family == AF_UNIX) {
            throw new IllegalArgumentException("an AF_UNIX socket takes a path, not a host and port");
        }
        return Resolver.sockaddr(family, host, port);
    }

    /**
     * The C image of {@code address} for this socket's family: an InetSocketAddress, unresolved with
     * a path for AF_UNIX. An unresolved host name is looked up as {@link #connect(String, int)} does.
     */
    private byte[] socketAddress(SocketAddress address) throws IOException {
        if (!(Objects.requireNonNull(address, "address") instanceof InetSocketAddress a)) {
            throw new IllegalArgumentException("not an InetSocketAddress: " + address.getClass().getName());
        }
        if (family == AF_UNIX) {
            if (!a.isUnresolved()) {
                throw new IllegalArgumentException("an AF_UNIX socket takes a path (an unresolved address), not " + a);
            }
            return SockAddr.unix(a.getHostString());
        }
        return a.isUnresolved() ? Resolver.sockaddr(family, a.getHostString(), a.getPort()) : SockAddr.inet(family, a.getAddress(), a.getPort());
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
     *
     * @return the remote address
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public InetSocketAddress getPeerName() throws IOException {
        return name(true);
    }

    /**
     * Python {@code sock.getsockname()}; AF_UNIX addresses as in {@link #getPeerName()}.
     *
     * @return the socket's own address
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public InetSocketAddress getSockName() throws IOException {
        return name(false);
    }

    private InetSocketAddress name(boolean peer) throws IOException {
        int s = fd.acquire();
        try {
            return peer ? SocketAddressing.peerName(s) : SocketAddressing.sockName(s);
        } finally {
            fd.release();
        }
    }

    // ---- data: every call goes through the one gate (SocketGate, CPython's sock_call), which
    // honours the socket's timeout, parks virtual threads and stages heap bytes only when a
    // call must wait ----

    /**
     * Python {@code sock.recv(bufsize)}: up to {@code bufsize} bytes, an empty array at end of
     * stream. Nonblocking with nothing to read: {@link ErrnoException} EAGAIN. The array has
     * exactly the length received; on a stream socket one call returns at most
     * {@link Staging#LIMIT} bytes (a short count, which streams allow), a datagram comes whole.
     *
     * @param bufsize the most bytes to read
     * @return the bytes read; empty when the peer has closed
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public byte[] recv(int bufsize) throws IOException {
        return recv(bufsize, 0);
    }

    /**
     * Python {@code sock.recv(bufsize, flags)}: {@link #recv(int)} with {@link #MSG_PEEK}, {@link #MSG_DONTWAIT}, {@link #MSG_WAITALL}, ...
     *
     * @param bufsize the most bytes to read
     * @param flags {@code MSG_*} flags OR'ed together, 0 for none
     * @return the bytes read; empty when the peer has closed
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public byte[] recv(int bufsize, int flags) throws IOException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recv");
        }
        int s = fd.acquire();
        try {
            return gate.receive(s, bufsize, flags, false);
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
     *
     * @param bufsize the most bytes to read
     * @return the bytes read and the sender's address
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public Datagram recvFrom(int bufsize) throws IOException {
        return recvFrom(bufsize, 0);
    }

    /**
     * Python {@code sock.recvfrom(bufsize, flags)}.
     *
     * @param bufsize the most bytes to read
     * @param flags {@code MSG_*} flags OR'ed together, 0 for none
     * @return the bytes read and the sender's address
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public Datagram recvFrom(int bufsize, int flags) throws IOException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recvfrom");
        }
        int s = fd.acquire();
        try {
            byte[] data = gate.receive(s, bufsize, flags, true);
            return new Datagram(data, SockAddr.decodeOrNull());
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.recv_into(buffer)}: reads into {@code dst} from its position up to its
     * limit, advances the position, and returns the count (0 at end of stream). A direct buffer
     * is read into without copying.
     *
     * @param dst the buffer the bytes are read into
     * @return how many bytes were read; 0 when the peer has closed
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int recvInto(ByteBuffer dst) throws IOException {
        return recvInto(dst, 0);
    }

    /**
     * Python {@code sock.recv_into(buffer, 0, flags)}: {@link #recvInto(ByteBuffer)} with flags.
     *
     * @param dst the buffer the bytes are read into
     * @param flags {@code MSG_*} flags OR'ed together, 0 for none
     * @return how many bytes were read; 0 when the peer has closed
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int recvInto(ByteBuffer dst, int flags) throws IOException {
        writable(dst);
        int s = fd.acquire();
        try {
            return gate.receive(s, dst, flags, false);
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.recvfrom_into(buffer)}, shaped as {@code DatagramChannel.receive}: reads
     * into {@code dst} from its position, advances the position by the count, and returns the
     * sender's address (null where the kernel reports none; see {@link #recvFrom(int)}).
     *
     * @param dst the buffer the bytes are read into
     * @return the sender's address
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public SocketAddress recvFromInto(ByteBuffer dst) throws IOException {
        return recvFromInto(dst, 0);
    }

    /**
     * Python {@code sock.recvfrom_into(buffer, 0, flags)}.
     *
     * @param dst the buffer the bytes are read into
     * @param flags {@code MSG_*} flags OR'ed together, 0 for none
     * @return the sender's address
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public SocketAddress recvFromInto(ByteBuffer dst, int flags) throws IOException {
        writable(dst);
        int s = fd.acquire();
        try {
            gate.receive(s, dst, flags, true);
            return SockAddr.decodeOrNull();
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.recv_into(bytearray)}: fills {@code dst} from index 0, returns the count.
     *
     * @param dst the buffer the bytes are read into
     * @return how many bytes were read; 0 when the peer has closed
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int recvInto(byte[] dst) throws IOException {
        return recvInto(dst, 0, dst.length, 0);
    }

    /**
     * Python {@code sock.recv_into(memoryview(buf)[off:off + len])}: up to {@code len} bytes into
     * {@code dst} at {@code off}, the count returned (0 at end of stream). The porter's way to
     * read without a new array per call.
     *
     * @param dst the buffer the bytes are read into
     * @param off where in the array the bytes start
     * @param len how many bytes at most
     * @return how many bytes were read; 0 when the peer has closed
     * @throws IndexOutOfBoundsException when {@code off}/{@code len} fall outside {@code dst}
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int recvInto(byte[] dst, int off, int len) throws IOException {
        return recvInto(dst, off, len, 0);
    }

    /**
     * {@link #recvInto(byte[], int, int)} with flags.
     *
     * @param dst the buffer the bytes are read into
     * @param off where in the array the bytes start
     * @param len how many bytes at most
     * @param flags {@code MSG_*} flags OR'ed together, 0 for none
     * @return how many bytes were read; 0 when the peer has closed
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int recvInto(byte[] dst, int off, int len, int flags) throws IOException {
        Objects.checkFromIndexSize(off, len, dst.length);
        int s = fd.acquire();
        try {
            return gate.receive(s, dst, off, len, flags);
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.send(data)}: the number of bytes sent, perhaps fewer than {@code data.length}.
     *
     * @param data the bytes to send
     * @return how many bytes were sent, which may be fewer than asked
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int send(byte[] data) throws IOException {
        return send(data, 0, data.length, 0);
    }

    /**
     * Python {@code sock.send(data, flags)}.
     *
     * @param data the bytes to send
     * @param flags {@code MSG_*} flags OR'ed together, 0 for none
     * @return how many bytes were sent, which may be fewer than asked
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int send(byte[] data, int flags) throws IOException {
        return send(data, 0, data.length, flags);
    }

    /**
     * Python {@code sock.send(memoryview(data)[off:off + len])}: sends from {@code data} at
     * {@code off}, at most {@code len} bytes, and returns how many went; no copy of the array
     * is made beyond what one call stages.
     *
     * @param data the bytes to send
     * @param off where in the array the bytes start
     * @param len how many bytes at most
     * @return how many bytes were sent, which may be fewer than asked
     * @throws IndexOutOfBoundsException when {@code off}/{@code len} fall outside {@code data}
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int send(byte[] data, int off, int len) throws IOException {
        return send(data, off, len, 0);
    }

    /**
     * {@link #send(byte[], int, int)} with flags.
     *
     * @param data the bytes to send
     * @param off where in the array the bytes start
     * @param len how many bytes at most
     * @param flags {@code MSG_*} flags OR'ed together, 0 for none
     * @return how many bytes were sent, which may be fewer than asked
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int send(byte[] data, int off, int len, int flags) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        int s = fd.acquire();
        try {
            return gate.send(s, data, off, len, flags, null);
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.send(buffer)}: sends from {@code src}'s position up to its limit,
     * advances the position past what was sent and returns that count. A direct buffer is sent
     * without copying.
     *
     * @param src the buffer whose remaining bytes are sent
     * @return how many bytes were sent, which may be fewer than asked
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int send(ByteBuffer src) throws IOException {
        return send(src, 0);
    }

    /**
     * Python {@code sock.send(buffer, flags)}.
     *
     * @param src the buffer whose remaining bytes are sent
     * @param flags {@code MSG_*} flags OR'ed together, 0 for none
     * @return how many bytes were sent, which may be fewer than asked
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int send(ByteBuffer src, int flags) throws IOException {
        int s = fd.acquire();
        try {
            return gate.send(s, src, flags, null);
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.sendto(data, address)}: one datagram to {@code address}, an
     * {@link InetSocketAddress} (for AF_UNIX: an unresolved one whose host string is the path,
     * as {@link #getPeerName()} returns them). A datagram is sent whole or not at all: too long
     * for the kernel, it is {@link ErrnoException} EMSGSIZE, as in Python.
     *
     * @param data the bytes to send
     * @param address where to send
     * @return how many bytes were sent
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int sendTo(byte[] data, SocketAddress address) throws IOException {
        return sendTo(data, 0, address);
    }

    /**
     * Python {@code sock.sendto(data, flags, address)}.
     *
     * @param data the bytes to send
     * @param flags {@code MSG_*} flags OR'ed together, 0 for none
     * @param address where to send
     * @return how many bytes were sent
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int sendTo(byte[] data, int flags, SocketAddress address) throws IOException {
        byte[] to = socketAddress(address);
        int s = fd.acquire();
        try {
            return gate.send(s, data, 0, data.length, flags, to);
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.sendto(data, (host, port))}.
     *
     * @param data the bytes to send
     * @param host a host name or numeric address
     * @param port the port number
     * @return how many bytes were sent
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int sendTo(byte[] data, String host, int port) throws IOException {
        byte[] to = inetAddress(host, port);
        int s = fd.acquire();
        try {
            return gate.send(s, data, 0, data.length, 0, to);
        } finally {
            fd.release();
        }
    }

    /**
     * {@code DatagramChannel.send(src, address)}: {@link #sendTo(byte[], SocketAddress)} from {@code src}'s position; the position advances by the count.
     *
     * @param src the buffer whose remaining bytes are sent
     * @param address where to send
     * @return how many bytes were sent
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int sendTo(ByteBuffer src, SocketAddress address) throws IOException {
        byte[] to = socketAddress(address);
        int s = fd.acquire();
        try {
            return gate.send(s, src, 0, to);
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.sendall(data)}: sends everything, looping over short sends. On a
     * nonblocking socket whose buffer fills up it throws {@link ErrnoException} EAGAIN, as
     * Python does, with the number of bytes already sent in the message. A timeout bounds the
     * whole call, not each send (as since Python 3.5).
     *
     * @param data the bytes to send
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void sendAll(byte[] data) throws IOException {
        sendAll(data, 0);
    }

    /**
     * Python {@code sock.sendall(data, flags)}.
     *
     * @param data the bytes to send
     * @param flags {@code MSG_*} flags OR'ed together, 0 for none
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void sendAll(byte[] data, int flags) throws IOException {
        int s = fd.acquire();
        try {
            gate.sendAll(s, data, flags);
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code sock.sendall(buffer)}: {@link #sendAll(byte[])} from position to limit; the position ends past what was sent.
     *
     * @param src the buffer whose remaining bytes are sent
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void sendAll(ByteBuffer src) throws IOException {
        int s = fd.acquire();
        try {
            gate.sendAll(s, src);
        } finally {
            fd.release();
        }
    }

    private static void writable(ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read-only buffer");
        }
    }

    /** Sets O_NONBLOCK for good before a parking accept or connect (the JDK does the same). */
    private void makeFdNonBlocking(int s) throws IOException {
        if (!gate.fdNonBlocking()) {
            Os.setBlocking(s, false);
            gate.fdMadeNonBlocking();
        }
    }

    // ---- state ----

    /**
     * Python {@code sock.setblocking(flag)}: {@code true} is {@code setTimeout(null)} and clears
     * O_NONBLOCK, {@code false} is {@code setTimeout(Duration.ZERO)} and sets it.
     *
     * @param blocking {@code true} for blocking, {@code false} for non-blocking
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void setBlocking(boolean blocking) throws IOException {
        setTimeoutNanos(blocking ? -1 : 0);
    }

    /**
     * Python {@code sock.getblocking()}: false when the timeout is zero (non-blocking), true otherwise; after close too, as in Python.
     *
     * @return whether the socket is in blocking mode
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public boolean getBlocking() throws IOException {
        return gate.timeoutNanos() != 0;
    }

    /**
     * Python {@code sock.settimeout(value)}: {@code null} blocks, {@link Duration#ZERO} makes the
     * socket non-blocking, a positive duration makes every blocking call wait at most that long
     * and then throw {@link SocketTimeoutException} "timed out". O_NONBLOCK is set on the fd
     * unless {@code null}, as CPython does.
     *
     * @param timeout how long a call may block; {@code null} for blocking mode, zero for non-blocking
     * @throws IllegalArgumentException for a negative duration (Python's ValueError)
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void setTimeout(Duration timeout) throws IOException {
        setTimeoutNanos(timeoutNanos(timeout));
    }

    /**
     * Python {@code sock.settimeout(seconds)}, rounded up to whole nanoseconds as CPython does.
     *
     * @param seconds how long a call may block, in seconds; 0 for non-blocking
     * @throws IllegalArgumentException for a negative, NaN or too large value (ValueError, OverflowError)
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void setTimeout(double seconds) throws IOException {
        setTimeoutNanos(timeoutNanos(seconds));
    }

    /**
     * Python {@code sock.gettimeout()}: null when blocking, ZERO when non-blocking, else the timeout; after close too, as in Python.
     *
     * @return the timeout, or {@code null} for none
     */
    public Duration getTimeout() {
        return duration(gate.timeoutNanos());
    }

    /**
     * Python {@code socket.setdefaulttimeout(value)}: the timeout of sockets created from now on
     * ({@link #open}, {@link #socketpair}, {@link #accept}, ...); {@code null} (the default) blocks.
     *
     * @param timeout the timeout new sockets get; {@code null} for none
     * @throws IllegalArgumentException for a negative duration
     */
    public static void setDefaultTimeout(Duration timeout) {
        defaultTimeoutNanos = timeoutNanos(timeout);
    }

    /**
     * Python {@code socket.getdefaulttimeout()}.
     *
     * @return the default timeout, or {@code null} for none
     */
    public static Duration getDefaultTimeout() {
        return duration(defaultTimeoutNanos);
    }

    private void setTimeoutNanos(long t) throws IOException {
        call(s -> {
            Os.setBlocking(s, t < 0);
            gate.setMode(t);
        });
    }

    private static long timeoutNanos(Duration timeout) {
        if (timeout == null) {
            return -1;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("Timeout value out of range");
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("timeout out of range: " + timeout, e);
        }
    }

    private static long timeoutNanos(double seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("Timeout value out of range");
        }
        return Timeouts.nanosFromSeconds(seconds); // NaN and overflow: IllegalArgumentException
    }

    private static Duration duration(long nanos) {
        return nanos < 0 ? null : Duration.ofNanos(nanos);
    }

    /**
     * Python {@code sock.shutdown(how)}: {@link #SHUT_RD}, {@link #SHUT_WR} or {@link #SHUT_RDWR}.
     *
     * @param how {@code SHUT_RD}, {@code SHUT_WR} or {@code SHUT_RDWR}
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void shutdown(int how) throws IOException {
        call(s -> SocketCalls.shutdown(s, how));
    }

    /**
     * Python {@code sock.family}: {@link #AF_INET}, {@link #AF_INET6} or {@link #AF_UNIX} (or what {@link #open} was given).
     *
     * @return the address family, such as {@code AF_INET}
     */
    public int family() {
        return family;
    }

    /**
     * Python {@code sock.type}: {@link #SOCK_STREAM}, {@link #SOCK_DGRAM}, ... without the creation flags.
     *
     * @return the socket type, such as {@code SOCK_STREAM}
     */
    public int type() {
        return type;
    }

    /** Python {@code sock.fileno()}: the descriptor, or -1 once closed (as in Python). */
    @Override
    public int fileno() {
        return fd.fileno();
    }

    /**
     * Python {@code sock._closed}: true once {@link #close()} was called.
     *
     * @return whether {@code close()} has run
     */
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
        int number = fd.fileno();
        try {
            fd.close();
        } finally {
            unclosed.close();
            if (number >= 0) {
                Waits.wakeClosed(number); // a parked virtual thread sees the close; the fd waits for it
            }
        }
    }

    @Override
    public String toString() {
        return "NativeSocket[fd=" + fd.fileno() + ", family=" + family + "]";
    }
}
