package dev.jselect.net;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What {@link NativeSocket#accept()} returns: Python's {@code (conn, address)} pair. For AF_UNIX
 * the address is unresolved, with the peer's path ("" when unnamed) as host string and port 0.
 *
 * @param socket the new connection
 * @param address the peer's address
 */
public record Accepted(NativeSocket socket, InetSocketAddress address) {
    /** The connection and its peer; neither may be null. */
    public Accepted {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(address, "address");
    }
}
