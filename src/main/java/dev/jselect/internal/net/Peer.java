package dev.jselect.internal.net;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * The other end of one call through {@link SocketGate}, made for that call alone: the address
 * image a sendto sends to, or the address a recvfrom or an accept received, decoded right after
 * the system call while its scratch block is still held.
 */
public final class Peer {
    /** The address image a sendto sends to ({@link SockAddr#inet}, {@link SockAddr#unix}); null for a receive. */
    final byte @Nullable [] to;
    /** What a recvfrom or accept received; null until then, or when the kernel gave no address. */
    @Nullable InetSocketAddress from;

    private Peer(byte @Nullable [] to) {
        this.to = to;
    }

    /** The destination of a sendto. */
    static Peer to(byte[] image) {
        return new Peer(image);
    }

    /** A slot for the sender of a recvfrom or the peer of an accept. */
    static Peer from() {
        return new Peer(null);
    }

    /** The destination image of a sendto, or null. */
    public byte @Nullable [] destination() {
        return to;
    }

    /** The address a recvfrom or accept received, or null. */
    public @Nullable InetSocketAddress received() {
        return from;
    }
}
