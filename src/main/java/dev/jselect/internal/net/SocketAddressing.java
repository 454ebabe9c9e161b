package dev.jselect.internal.net;

import dev.jselect.internal.Scratch;
import dev.jselect.internal.sys.SocketCalls;

import dev.jselect.ErrnoException;
import java.net.InetSocketAddress;

/**
 * The socket calls that take or give a socket address (bind, connect, accept, getsockname,
 * getpeername), with the address marshalled through a {@link Scratch} block held for the call:
 * callers hand over and get back Java values only.
 */
public final class SocketAddressing {
    private SocketAddressing() {}

    /** bind(2) to an address image from {@link SockAddr#inet} or {@link SockAddr#unix}. */
    public static void bind(int s, byte[] address) throws ErrnoException {
        try (Scratch sc = Scratch.take()) {
            SocketCalls.bind(s, SockAddr.copyIn(sc, address), address.length);
        }
    }

    /** connect(2) to an address image: 0 or the errno, as {@link SocketCalls#connect}. */
    public static int connect(int s, byte[] address) {
        try (Scratch sc = Scratch.take()) {
            return SocketCalls.connect(s, SockAddr.copyIn(sc, address), address.length);
        }
    }

    /** accept(2) as {@link SocketCalls#accept}: the new descriptor, its peer's address put in {@code peer}. */
    public static int accept(int s, Peer peer) throws ErrnoException {
        try (Scratch sc = Scratch.take()) {
            int conn = SocketCalls.accept(s, SockAddr.storage(sc), sc.sockAddrLength);
            peer.from = SockAddr.decode(sc);
            return conn;
        }
    }

    /** getsockname(2), decoded as {@link SockAddr#decode(Scratch)} decodes. */
    public static InetSocketAddress sockName(int s) throws ErrnoException {
        try (Scratch sc = Scratch.take()) {
            SocketCalls.getsockname(s, SockAddr.storage(sc), sc.sockAddrLength);
            return SockAddr.decode(sc);
        }
    }

    /** getpeername(2), decoded as {@link SockAddr#decode(Scratch)} decodes. */
    public static InetSocketAddress peerName(int s) throws ErrnoException {
        try (Scratch sc = Scratch.take()) {
            SocketCalls.getpeername(s, SockAddr.storage(sc), sc.sockAddrLength);
            return SockAddr.decode(sc);
        }
    }
}
