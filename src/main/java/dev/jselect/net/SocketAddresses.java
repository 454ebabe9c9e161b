package dev.jselect.net;

import dev.jselect.internal.net.SockAddr;
import dev.jselect.internal.sys.Constants;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * The C image of an address a socket call takes, checked against the socket's family: a host
 * and port for AF_INET and AF_INET6 (a name looked up as CPython's setipaddr does), a path for
 * AF_UNIX.
 */
final class SocketAddresses {
    private static final int AF_UNIX = Constants.AF_UNIX;

    private SocketAddresses() {}

    /** {@code (host, port)} for a socket of {@code family}; an AF_UNIX socket takes a path instead. */
    static byte[] inet(int family, String host, int port) throws IOException {
        if (family == AF_UNIX) {
            throw new IllegalArgumentException("an AF_UNIX socket takes a path, not a host and port");
        }
        return Resolver.sockaddr(family, host, port);
    }

    /** An AF_UNIX path; any other family takes a host and port instead. */
    static byte[] unix(int family, String path) {
        if (family != AF_UNIX) {
            throw new IllegalArgumentException("only an AF_UNIX socket takes a path; this one takes a host and port");
        }
        return SockAddr.unix(path);
    }

    /**
     * {@code address} for a socket of {@code family}: an InetSocketAddress, unresolved with a
     * path for AF_UNIX. An unresolved host name is looked up as {@link #inet} looks it up.
     */
    static byte[] of(int family, SocketAddress address) throws IOException {
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
}
