package dev.jselect.internal.net;

import dev.jselect.ErrnoException;
import dev.jselect.internal.Scratch;
import dev.jselect.internal.Staging;
import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.SocketCalls;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The calls that pass {@link SocketGate}: the event each waits for, the name its errors carry,
 * and one try of it ({@link #once}), its result or minus the errno, never thrown for a call
 * that would block. The gate decides whether a try may block; a try only makes the call.
 */
enum SocketOp {
    RECV(Constants.POLLIN), RECVFROM(Constants.POLLIN), SEND(Constants.POLLOUT), SENDTO(Constants.POLLOUT),
    ACCEPT(Constants.POLLIN),
    /** Waiting for a connect(2) already made; its try reads SO_ERROR (the gate makes it). */
    CONNECT(Constants.POLLOUT);

    /** POLLIN or POLLOUT: what the gate waits for when a try would block. */
    final int event;
    /** The call's name, for its errors. */
    final String label = name().toLowerCase(Locale.ROOT);

    SocketOp(int event) {
        this.event = event;
    }

    /** A send or sendto: bytes go out. */
    boolean out() {
        return event == Constants.POLLOUT;
    }

    /**
     * How much one staged call moves: all of it where size matters (whole messages of a
     * {@code message} socket, MSG_WAITALL), else at most the staging limit.
     */
    static long stagedSize(boolean message, long len, int flags) {
        return message || (flags & Constants.MSG_WAITALL) != 0 ? len : Math.min(len, Staging.LIMIT);
    }

    /**
     * One system call, which blocks unless {@code flags} or the fd say not: native memory goes
     * as it is, heap bytes through a {@link Staging} buffer held for this call only (at most
     * {@link Staging#LIMIT} of them for a stream). The result or minus the errno. A sendto sends
     * to {@code peer}'s destination; a recvfrom or an accept (which gives the new descriptor) puts
     * the address it received in {@code peer}.
     */
    long once(int s, MemorySegment mem, long off, long len, int flags, @Nullable Peer peer, boolean message) throws ErrnoException {
        if (this == ACCEPT) {
            return accept(s, Objects.requireNonNull(peer));
        }
        if (mem.isNative()) {
            return kernel(s, off == 0 ? mem : mem.asSlice(off), len, flags, peer);
        }
        long n = stagedSize(message, len, flags);
        boolean out = out();
        try (Staging.Staged staged = Staging.take(n)) {
            MemorySegment buf = staged.segment();
            if (out) {
                MemorySegment.copy(mem, off, buf, 0, n);
            }
            long r = kernel(s, buf, n, flags, peer);
            if (!out && r > 0) {
                MemorySegment.copy(buf, 0, mem, off, r);
            }
            return r;
        }
    }

    private long kernel(int s, MemorySegment buf, long n, int flags, @Nullable Peer peer) {
        return switch (this) {
            case SEND -> SocketCalls.trySend(s, buf, n, flags);
            case SENDTO -> sendto(s, buf, n, flags, Objects.requireNonNull(Objects.requireNonNull(peer).to)); // sendto has an address
            case RECV -> SocketCalls.tryRecv(s, buf, n, flags);
            case RECVFROM -> recvfrom(s, buf, n, flags, Objects.requireNonNull(peer));
            case ACCEPT, CONNECT -> throw new IllegalStateException(this + " moves no bytes");
        };
    }

    private static long sendto(int s, MemorySegment buf, long n, int flags, byte[] to) {
        try (Scratch sc = Scratch.take()) {
            return SocketCalls.trySendto(s, buf, n, flags, SockAddr.copyIn(sc, to), to.length);
        }
    }

    private static long recvfrom(int s, MemorySegment buf, long n, int flags, Peer peer) {
        try (Scratch sc = Scratch.take()) {
            long r = SocketCalls.tryRecvfrom(s, buf, n, flags, SockAddr.storage(sc), sc.sockAddrLength);
            if (r >= 0) {
                peer.from = SockAddr.decodeOrNull(sc);
            }
            return r;
        }
    }

    /** accept(2): the new descriptor, or minus EAGAIN where it would block; any other failure thrown. */
    private static long accept(int s, Peer peer) throws ErrnoException {
        try {
            return SocketAddressing.accept(s, peer);
        } catch (ErrnoException e) {
            if (e.errno() == Constants.EAGAIN || e.errno() == Constants.EWOULDBLOCK) {
                return -e.errno();
            }
            throw e;
        }
    }
}
