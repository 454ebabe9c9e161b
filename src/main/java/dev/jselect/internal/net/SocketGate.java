package dev.jselect.internal.net;

import dev.jselect.internal.sys.Constants;

import dev.jselect.internal.sys.ErrnoNames;

import dev.jselect.internal.Staging;

import dev.jselect.internal.Deadline;
import dev.jselect.internal.wait.Waits;

import dev.jselect.internal.sys.SocketCalls;

import dev.jselect.ErrnoException;
import dev.jselect.internal.jfr.SocketEvents;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import jdk.jfr.Event;

/**
 * One socket's blocking mode (CPython's {@code sock_timeout}) and the one gate its data calls
 * pass (CPython's {@code sock_call}): every recv, recvfrom, send and sendto, in every form.
 *
 * <p>Direct buffers go to the kernel as they are; heap bytes straight from or into the Java
 * array when the call cannot block, else through a {@link Staging} buffer (see {@link #gate}).
 * Every data method takes the descriptor its caller holds open.
 */
public final class SocketGate {
    private static final int MSG_DONTWAIT = Constants.MSG_DONTWAIT;
    private static final int MSG_WAITALL = Constants.MSG_WAITALL;
    private static final int MSG_NOSIGNAL = Constants.MSG_NOSIGNAL;
    private static final int POLLIN = Constants.POLLIN;
    private static final int POLLOUT = Constants.POLLOUT;
    private static final int EWOULDBLOCK = Constants.EWOULDBLOCK;

    private final SocketFd fd;
    /** Datagram, seqpacket or raw: one call moves one whole message, which staging must never split or truncate. */
    private final boolean message;
    /** CPython's sock_timeout: -1 none (blocking), 0 non-blocking, else nanoseconds. */
    private volatile long timeoutNanos;
    /** O_NONBLOCK is set on the fd: for a timeout, or since a virtual thread's accept or connect. */
    private volatile boolean fdNonBlocking;

    public SocketGate(SocketFd fd, boolean message) {
        this.fd = fd;
        this.message = message;
    }

    // ---- the mode ----

    public long timeoutNanos() {
        return timeoutNanos;
    }

    /** Records a new timeout, with O_NONBLOCK already set on the fd for any but -1 and cleared for -1. */
    public void setMode(long timeout) {
        timeoutNanos = timeout;
        fdNonBlocking = timeout >= 0;
    }

    public boolean fdNonBlocking() {
        return fdNonBlocking;
    }

    /** Records that O_NONBLOCK was set on the fd for good (before a parking accept or connect). */
    public void fdMadeNonBlocking() {
        fdNonBlocking = true;
    }

    /**
     * True when a call may simply block in the kernel: blocking socket, fd in blocking mode,
     * platform thread. The hot path of a blocking socket pays this one check.
     */
    public boolean plainBlocking() {
        return timeoutNanos < 0 && !fdNonBlocking && !Waits.mustPark();
    }

    /** The deadline of a call starting now: {@link Deadline#NONE} unless the timeout is positive. */
    public long deadline() {
        long t = timeoutNanos;
        return t > 0 ? Deadline.fromNow(t) : Deadline.NONE;
    }

    /**
     * Waits until {@code s} is ready for {@code event}: parks a virtual thread, polls on a
     * platform thread. Throws SocketTimeoutException once a timeout's deadline has passed, and
     * the closed-socket exception when close() woke the wait.
     */
    public void awaitReady(int s, int event, long deadline) throws IOException {
        if (Deadline.expired(deadline)) {
            throw new SocketTimeoutException("timed out");
        }
        Waits.awaitFd(s, event, deadline, fd.owned());
        fd.ensureOpen();
    }

    /** EAGAIN or EWOULDBLOCK; the gate passes minus its result (a count then never matches). */
    public static boolean wouldBlock(long errno) {
        return errno == Constants.EAGAIN || errno == EWOULDBLOCK;
    }

    // ---- data: Java arrays and buffers in, counts out ----

    /** send(2), or sendto(2) when {@code to} is an address image: {@code len} bytes of {@code data} from {@code off}. */
    public int send(int s, byte[] data, int off, int len, int flags, byte[] to) throws IOException {
        return (int) transmit(s, MemorySegment.ofArray(data), off, len, flags, to, deadline());
    }

    /** send(2) or sendto(2) from {@code src}'s position to its limit; the position advances by the count. */
    public int send(int s, ByteBuffer src, int flags, byte[] to) throws IOException {
        MemorySegment source = MemorySegment.ofBuffer(src);
        int sent = (int) transmit(s, source, 0, source.byteSize(), flags, to, deadline());
        src.position(src.position() + sent);
        return sent;
    }

    /** Sends all of {@code data}, looping over short sends; one deadline for the whole call. */
    public void sendAll(int s, byte[] data, int flags) throws IOException {
        MemorySegment source = MemorySegment.ofArray(data);
        long deadline = deadline();
        long sent = 0;
        try {
            while (sent < data.length) {
                sent += transmit(s, source, sent, data.length - sent, flags, null, deadline);
            }
        } catch (ErrnoException e) {
            throw sendAllFailed(e, sent, data.length);
        }
    }

    /** {@link #sendAll(int, byte[], int)} from position to limit; the position ends past what was sent, even on failure. */
    public void sendAll(int s, ByteBuffer src) throws IOException {
        MemorySegment source = MemorySegment.ofBuffer(src);
        long sent = 0;
        try {
            long deadline = deadline();
            while (sent < source.byteSize()) {
                sent += transmit(s, source, sent, source.byteSize() - sent, 0, null, deadline);
            }
        } catch (ErrnoException e) {
            throw sendAllFailed(e, sent, source.byteSize());
        } finally {
            src.position(src.position() + (int) sent);
        }
    }

    /** Python's BlockingIOError from sendall says how much went before the buffer filled. */
    private static ErrnoException sendAllFailed(ErrnoException e, long sent, long size) {
        return e.errno() == Constants.EAGAIN ? ErrnoNames.exception(e.errno(), "sendall: " + sent + " of " + size + " bytes sent") : e;
    }

    /** recv(2) of up to {@code len} bytes into {@code dst} at {@code off}: the count. */
    public int receive(int s, byte[] dst, int off, int len, int flags) throws IOException {
        return (int) receive(s, MemorySegment.ofArray(dst), off, len, flags, false, deadline());
    }

    /**
     * recv(2), or recvfrom(2) into this thread's address storage when {@code from}, into
     * {@code dst} from its position to its limit; the position advances by the count.
     */
    public int receive(int s, ByteBuffer dst, int flags, boolean from) throws IOException {
        MemorySegment target = MemorySegment.ofBuffer(dst);
        int got = (int) receive(s, target, 0, target.byteSize(), flags, from, deadline());
        dst.position(dst.position() + got);
        return got;
    }

    /**
     * recv(2) (or recvfrom(2), as above) into a new array of exactly the length received (Python
     * allocates {@code bufsize} and shrinks it the same way): the bytes land in the array with no
     * copy when they are already there, and no staging buffer is held while the call waits.
     */
    public byte[] receive(int s, int bufsize, int flags, boolean from) throws IOException {
        byte[] data = new byte[(int) stagedSize(bufsize, flags)];
        int got = (int) receive(s, MemorySegment.ofArray(data), 0, data.length, flags, from, deadline());
        return got == data.length ? data : Arrays.copyOf(data, got);
    }

    private long transmit(int s, MemorySegment source, long off, long len, int flags, byte[] to, long deadline) throws IOException {
        return gate(s, true, source, off, len, flags | MSG_NOSIGNAL, to, false, deadline); // EPIPE, never SIGPIPE
    }

    private long receive(int s, MemorySegment target, long off, long len, int flags, boolean from, long deadline) throws IOException {
        return gate(s, false, target, off, len, flags, null, from, deadline);
    }

    /** How much one staged call moves: all of it where size matters (datagrams, MSG_WAITALL), else at most the staging limit. */
    private long stagedSize(long len, int flags) {
        return message || (flags & MSG_WAITALL) != 0 ? len : Math.min(len, Staging.LIMIT);
    }

    // ---- the gate ----

    /**
     * One send/sendto ({@code out}) or recv/recvfrom as the socket's mode wants it, the count
     * returned:
     * <ol>
     * <li>First one call that cannot block: heap bytes of a plain send/recv go to the kernel
     *     directly ({@link SocketCalls#sendNow}, a critical call: no copy, no limit), anything else
     *     with MSG_DONTWAIT through {@link #once}. A plainly blocking call ({@link #plainBlocking})
     *     that cannot go directly skips this try and makes the call that waits at once.
     * <li>If it would block: a non-blocking socket, or MSG_DONTWAIT, throws EAGAIN; a plainly
     *     blocking call makes one call that waits in the kernel, its heap bytes staged;
     *     otherwise (a timeout, a virtual thread) {@link #awaitReady} until the deadline, then
     *     the non-blocking try again.
     * </ol>
     */
    private long gate(int s, boolean out, MemorySegment mem, long off, long len, int flags, byte[] to, boolean from, long deadline)
            throws IOException {
        Event recorded = SocketEvents.begin(out); // null unless a Flight Recorder recording wants it
        boolean mayWait = timeoutNanos != 0 && (flags & MSG_DONTWAIT) == 0;
        boolean plain = mayWait && plainBlocking();
        boolean direct = !mem.isNative() && to == null && !from && (flags & MSG_WAITALL) == 0;
        long r = plain && !direct ? once(s, out, mem, off, len, flags, to, from) : tryNow(s, out, mem, off, len, flags, to, from, direct);
        if (plain && direct && wouldBlock(-r)) {
            r = once(s, out, mem, off, len, flags, to, from); // blocks in the kernel, its bytes staged
        }
        while (mayWait && !plain && wouldBlock(-r)) {
            awaitReady(s, out ? POLLOUT : POLLIN, deadline);
            r = tryNow(s, out, mem, off, len, flags, to, from, direct);
        }
        if (r < 0) {
            throw ErrnoNames.exception((int) -r, out ? (to == null ? "send" : "sendto") : (from ? "recvfrom" : "recv"));
        }
        SocketEvents.end(recorded, s, r, !message && len > 0, timeoutNanos, to, from);
        return r;
    }

    /** The gate's call that cannot block: the count or minus the errno. */
    private long tryNow(int s, boolean out, MemorySegment mem, long off, long len, int flags, byte[] to, boolean from, boolean direct) {
        if (!direct) {
            return once(s, out, mem, off, len, flags | MSG_DONTWAIT, to, from);
        }
        MemorySegment m = off == 0 ? mem : mem.asSlice(off);
        return out ? SocketCalls.sendNow(s, m, len, flags) : SocketCalls.recvNow(s, m, len, flags);
    }

    /**
     * One system call, which blocks unless {@code flags} or the fd say not: native memory goes
     * as it is, heap bytes through a {@link Staging} buffer held for this call only (at most
     * {@link Staging#LIMIT} of them for a stream). The count or minus the errno.
     */
    private long once(int s, boolean out, MemorySegment mem, long off, long len, int flags, byte[] to, boolean from) {
        if (mem.isNative()) {
            return call(s, out, off == 0 ? mem : mem.asSlice(off), len, flags, to, from);
        }
        long n = stagedSize(len, flags);
        try (Staging.Staged staged = Staging.take(n)) {
            MemorySegment buf = staged.segment();
            if (out) {
                MemorySegment.copy(mem, off, buf, 0, n);
            }
            long r = call(s, out, buf, n, flags, to, from);
            if (!out && r > 0) {
                MemorySegment.copy(buf, 0, mem, off, r);
            }
            return r;
        }
    }

    private static long call(int s, boolean out, MemorySegment buf, long n, int flags, byte[] to, boolean from) {
        if (out) {
            return to == null ? SocketCalls.trySend(s, buf, n, flags) : SocketCalls.trySendto(s, buf, n, flags, SockAddr.copyIn(to), to.length);
        }
        return from ? SocketCalls.tryRecvfrom(s, buf, n, flags, SockAddr.storage(), SockAddr.storageLength()) : SocketCalls.tryRecv(s, buf, n, flags);
    }
}
