package dev.jselect.internal.jfr;

import dev.jselect.ErrnoException;
import dev.jselect.internal.net.SocketAddressing;
import dev.jselect.internal.Scratch;
import dev.jselect.internal.net.Peer;
import dev.jselect.internal.net.SockAddr;
import java.net.InetSocketAddress;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import org.jspecify.annotations.Nullable;

/**
 * The {@code dev.jselect.SocketRead} and {@code dev.jselect.SocketWrite} Flight Recorder events
 * around the socket data gate, filled as the JDK fills {@code jdk.SocketRead} and
 * {@code jdk.SocketWrite}. When no recording wants them, a call pays one check of a static
 * event's {@code isEnabled()} and allocates nothing; while one does, each call allocates its
 * event, and the peer's address is looked up only for an event that is committed.
 */
public final class SocketEvents {
    /**
     * Asked only whether the events are enabled; never committed. Made once Flight Recorder runs
     * in this JVM: until then the first event would load and start jdk.jfr's machinery.
     */
    private static final class Probe {
        static final SocketReadEvent READ = new SocketReadEvent();
        static final SocketWriteEvent WRITE = new SocketWriteEvent();
    }

    private SocketEvents() {}

    /** A started event for a send ({@code out}) or a receive, or null when no recording wants it. */
    public static @Nullable Event begin(boolean out) {
        if (!FlightRecorder.isInitialized() || (out ? !Probe.WRITE.isEnabled() : !Probe.READ.isEnabled())) {
            return null;
        }
        Event event = out ? new SocketWriteEvent() : new SocketReadEvent();
        event.begin();
        return event;
    }

    /**
     * Ends {@code event} (null: nothing to do) after a call on socket {@code s} that moved
     * {@code count} bytes, and commits it if it lasted the threshold.
     *
     * @param endOfStream a receive's zero count means the peer closed (a stream, asked for bytes)
     * @param timeoutNanos the socket's timeout: -1 none, 0 non-blocking, else nanoseconds
     * @param peer a sendto's destination or a recvfrom's sender, or null for a connected socket's call
     */
    public static void end(@Nullable Event event, int s, long count, boolean endOfStream, long timeoutNanos, @Nullable Peer peer) {
        if (event != null) {
            commit(event, s, count, endOfStream, timeoutNanos, peer);
        }
    }

    private static void commit(Event event, int s, long count, boolean endOfStream, long timeoutNanos, @Nullable Peer other) {
        event.end();
        if (!event.shouldCommit()) {
            return;
        }
        InetSocketAddress peer = peer(s, other);
        String host = "";
        String address = "";
        int port = 0;
        if (peer != null && !peer.isUnresolved()) {
            host = peer.getHostString();
            address = peer.getAddress().getHostAddress();
            port = peer.getPort();
        } else if (peer != null && peer.getHostString().startsWith("[family ")) { // a family jselect does not decode
            host = peer.getHostString();
        } else if (peer != null) { // AF_UNIX, its path as host string: shown as the JDK shows a Unix domain socket
            host = "Unix domain socket";
            address = "[" + peer.getHostString() + "]";
        }
        if (event instanceof SocketReadEvent read) {
            read.host = host;
            read.address = address;
            read.port = port;
            read.timeout = timeoutNanos <= 0 ? 0 : Math.ceilDiv(timeoutNanos, 1_000_000); // a timeout never shows as none
            read.bytesRead = count;
            read.endOfStream = endOfStream && count == 0;
        } else if (event instanceof SocketWriteEvent write) {
            write.host = host;
            write.address = address;
            write.port = port;
            write.bytesWritten = count;
        }
        event.commit();
    }

    /** The other end: sendto's destination, recvfrom's sender (null when the kernel gave none), else getpeername (null when not connected). */
    private static @Nullable InetSocketAddress peer(int s, @Nullable Peer other) {
        byte[] to = other == null ? null : other.destination();
        if (to != null) {
            try (Scratch sc = Scratch.take()) {
                return SockAddr.decode(SockAddr.copyIn(sc, to), to.length);
            }
        }
        if (other != null) {
            return other.received();
        }
        try {
            return SocketAddressing.peerName(s);
        } catch (ErrnoException e) {
            return null; // ENOTCONN: a datagram socket with no default peer
        }
    }
}
