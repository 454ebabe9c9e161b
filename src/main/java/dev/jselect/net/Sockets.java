package dev.jselect.net;

import dev.jselect.ErrnoException;
import dev.jselect.internal.Timeouts;
import dev.jselect.internal.net.SockAddr;
import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.ErrnoNames;
import dev.jselect.internal.sys.SocketCalls;
import dev.jselect.os.Os;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The module-level functions of Python's socket module that make sockets ({@code socket()},
 * {@code socketpair}, {@code create_server}, {@code create_connection}) and its default timeout
 * ({@code setdefaulttimeout}); {@link NativeSocket}'s static methods are these.
 */
final class Sockets {
    private static final int SOCK_NONBLOCK = Constants.SOCK_NONBLOCK;
    /** Python's socket.setdefaulttimeout: nanoseconds, -1 for none (blocking). */
    private static volatile long defaultTimeoutNanos = -1;

    private Sockets() {}

    static void setDefaultTimeout(@Nullable Duration timeout) {
        defaultTimeoutNanos = Timeouts.socketNanos(timeout);
    }

    static @Nullable Duration getDefaultTimeout() {
        return Timeouts.socketDuration(defaultTimeoutNanos);
    }

    /** Python {@code socket.socket(family, type, proto)}. */
    static NativeSocket open(int family, int type, int proto) throws IOException {
        return adopt(SocketCalls.socket(family, type, proto), family, type, nonBlocking(type));
    }

    private static boolean nonBlocking(int type) {
        return (type & SOCK_NONBLOCK) != 0 && SOCK_NONBLOCK != 0;
    }

    /**
     * A socket object for a new fd, with Python's starting timeout: zero when the fd was made
     * non-blocking (SOCK_NONBLOCK), else the default timeout, with O_NONBLOCK set unless it is none.
     * The fd is closed if that fails.
     */
    static NativeSocket adopt(int fd, int family, int type, boolean nonBlocking) throws IOException {
        NativeSocket s = new NativeSocket(fd, family, type);
        try {
            s.start(nonBlocking ? 0 : defaultTimeoutNanos, nonBlocking);
        } catch (IOException | RuntimeException e) {
            closeAfter(s, e);
            throw e;
        }
        return s;
    }

    /** Python {@code socket.socketpair(family, type)}. */
    static SocketPair socketpair(int family, int type) throws IOException {
        int[] fds = SocketCalls.socketpair(family, type, 0);
        NativeSocket first;
        try {
            first = adopt(fds[0], family, type, nonBlocking(type));
        } catch (IOException | RuntimeException e) {
            Os.close(fds[1]);
            throw e;
        }
        try {
            return new SocketPair(first, adopt(fds[1], family, type, nonBlocking(type)));
        } catch (IOException | RuntimeException e) {
            closeAfter(first, e);
            throw e;
        }
    }

    /** Python {@code socket.create_server((host, port))}. */
    static NativeSocket createServer(String host, int port) throws IOException {
        int family = SockAddr.familyOf(host);
        byte[] address = Resolver.sockaddr(family, host, port);
        NativeSocket s = open(family, Constants.SOCK_STREAM, 0);
        try {
            s.setSockOpt(Constants.SOL_SOCKET, Constants.SO_REUSEADDR, 1);
            if (family == Constants.AF_INET6) {
                s.setSockOpt(Constants.IPPROTO_IPV6, Constants.IPV6_V6ONLY, 1);
            }
            try {
                s.bind(address);
            } catch (ErrnoException e) {
                throw ErrnoNames.exception(e.errno(), "error while attempting to bind on address ('" + host + "', " + port + ")");
            }
            s.listen();
            return s;
        } catch (IOException | RuntimeException e) {
            closeAfter(s, e);
            throw e;
        }
    }

    /**
     * The loop of CPython's create_connection: each address of {@code host} in getaddrinfo's
     * order, with {@code timeoutNanos} set on each socket first unless {@code useDefault}; the
     * last failure thrown with the earlier ones suppressed in it.
     */
    static NativeSocket createConnection(String host, int port, boolean useDefault, long timeoutNanos) throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (AddrInfo ai : Resolver.getAddrInfo(host, port, 0, Constants.SOCK_STREAM, 0, 0)) {
            NativeSocket s = null;
            try {
                s = open(ai.family(), ai.type(), ai.proto()); // inside the try, as in CPython: no IPv6 here is one more failure
                if (!useDefault) {
                    s.setTimeoutNanos(timeoutNanos);
                }
                s.connect(SockAddr.inet(ai.family(), ai.address().getAddress(), port));
                return s;
            } catch (IOException e) {
                if (s != null) {
                    closeAfter(s, e);
                }
                failures.add(e);
            } catch (RuntimeException e) {
                if (s != null) {
                    closeAfter(s, e);
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

    /** Closes {@code s} after {@code failure}, to which a failing close is added. */
    static void closeAfter(NativeSocket s, Exception failure) {
        try {
            s.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
