package dev.jselect.internal.net;

import dev.jselect.internal.sys.SocketCalls;

import dev.jselect.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;

/**
 * The socket calls that take or give a socket address (bind, connect, accept, getsockname,
 * getpeername), with the address marshalled through this thread's {@link SockAddr} scratch:
 * callers hand over and get back Java values only.
 */
public final class SocketAddressing {
    private SocketAddressing() {}

    /** bind(2) to an address image from {@link SockAddr#inet} or {@link SockAddr#unix}. */
    public static void bind(int s, byte[] address) throws ErrnoException {
        SocketCalls.bind(s, SockAddr.copyIn(address), address.length);
    }

    /** connect(2) to an address image: 0 or the errno, as {@link SocketCalls#connect}. */
    public static int connect(int s, byte[] address) {
        return SocketCalls.connect(s, SockAddr.copyIn(address), address.length);
    }

    /**
     * accept(2) as {@link SocketCalls#accept}: the new descriptor; the peer's address is then
     * {@link #acceptedPeer()} until this thread's next socket address call.
     */
    public static int accept(int s) throws ErrnoException {
        return SocketCalls.accept(s, SockAddr.storage(), SockAddr.storageLength());
    }

    /** The peer address of this thread's last {@link #accept}. */
    public static InetSocketAddress acceptedPeer() {
        return SockAddr.decodeStored();
    }

    /** getsockname(2), decoded as {@link SockAddr#decode(MemorySegment)} decodes. */
    public static InetSocketAddress sockName(int s) throws ErrnoException {
        MemorySegment address = SockAddr.storage();
        SocketCalls.getsockname(s, address, SockAddr.storageLength());
        return SockAddr.decode(address);
    }

    /** getpeername(2), decoded as {@link SockAddr#decode(MemorySegment)} decodes. */
    public static InetSocketAddress peerName(int s) throws ErrnoException {
        MemorySegment address = SockAddr.storage();
        SocketCalls.getpeername(s, address, SockAddr.storageLength());
        return SockAddr.decode(address);
    }
}
