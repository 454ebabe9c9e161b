package dev.jselect.internal.net;

import dev.jselect.ErrnoException;
import dev.jselect.internal.Staging;
import dev.jselect.internal.jfr.SocketEvents;
import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.SignalInterrupt;
import dev.jselect.internal.sys.ErrnoNames;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.sys.SocketCalls;
import dev.jselect.internal.Deadline;
import dev.jselect.internal.wait.Waits;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import jdk.jfr.Event;

/**
 * Every wait of one socket (CPython's {@code sock_call_ex}), by its blocking mode
 * ({@link SocketMode}, CPython's {@code sock_timeout}): recv, recvfrom, send, sendto, accept and connect, in every
 * form, pass {@link #call}, the one loop that owns the deadline, readiness and false positives.
 * EINTR is restarted below it, in the system call bindings (PEP 475).
 *
 * <p>Each public method holds the descriptor open for its call ({@link SocketFd}) and returns
 * what the call produced: a count, a new connection with its peer, a sender's address. Direct
 * buffers go to the kernel as they are; heap bytes straight from or into the Java array when
 * the call cannot block, else through a {@link Staging} buffer (see {@link SocketOp#once}).
 */
public final class SocketGate {
    private static final int MSG_DONTWAIT = Constants.MSG_DONTWAIT;
    private static final int MSG_WAITALL = Constants.MSG_WAITALL;
    private static final int MSG_NOSIGNAL = Constants.MSG_NOSIGNAL;
    private static final int POLLOUT = Constants.POLLOUT;
    private static final int EAGAIN = Constants.EAGAIN;
    private static final int EWOULDBLOCK = Constants.EWOULDBLOCK;

    /** What accept(2) produced: the new connection's descriptor and its peer's address. */
    public record Connection(int fd, InetSocketAddress peer) {}

    /**
     * What recvfrom(2) into a new array produced: the bytes (the array's length is the count)
     * and the sender's address, null where the kernel reports none.
     */
    public record Received(byte[] data, @Nullable InetSocketAddress from) {}

    private final SocketFd fd;
    /** Datagram, seqpacket or raw: one call moves one whole message, which staging must never split or truncate. */
    private final boolean message;
    private final SocketMode mode = new SocketMode();
    /** The segment of the direct buffer last passed to send or recvInto ({@link #segmentOf}); held weakly. */
    private WeakReference<@Nullable DirectView> lastDirect = new WeakReference<>(null);

    /** The gate of {@code fd}; {@code message} for a socket whose calls move whole messages (not SOCK_STREAM). */
    public SocketGate(SocketFd fd, boolean message) {
        this.fd = fd;
        this.message = message;
    }

    // ---- the mode ----

    /** The timeout: -1 none (blocking), 0 non-blocking, else nanoseconds. */
    public long timeoutNanos() {
        return mode.timeoutNanos();
    }

    /**
     * A new socket's first mode, as CPython's init_sockobject sets it: O_NONBLOCK is set for any
     * timeout but -1, unless {@code fdNonBlocking} says the socket was made with it (SOCK_NONBLOCK).
     */
    public void start(long timeout, boolean fdNonBlocking) throws IOException {
        mode.start(fd, timeout, fdNonBlocking);
    }

    /** Python's settimeout: O_NONBLOCK set on the fd for any timeout but -1, cleared for -1. */
    public void setTimeout(long timeout) throws IOException {
        mode.setTimeout(fd, timeout);
    }

    /** Closes the descriptor once; a virtual thread parked on it wakes and sees the close. */
    public void close() throws ErrnoException {
        int number = fd.fileno();
        try {
            fd.close();
        } finally {
            if (number >= 0) {
                Waits.wakeClosed(number); // the fd itself waits for calls in flight
            }
        }
    }

    // ---- receiving ----

    /** recv(2) of up to {@code len} bytes into {@code dst} at {@code off}: the count. */
    public int recv(byte[] dst, int off, int len, int flags) throws IOException {
        return arrayCall(SocketOp.RECV, dst, off, len, flags);
    }

    /** recv(2) into {@code dst} from its position to its limit; the position advances by the count. */
    public int recv(ByteBuffer dst, int flags) throws IOException {
        MemorySegment target = segmentOf(writable(dst));
        int got = (int) data(SocketOp.RECV, target, 0, dst.remaining(), flags, null);
        dst.position(dst.position() + got);
        return got;
    }

    /**
     * recv(2) into a new array of exactly the length received (Python allocates {@code bufsize}
     * and shrinks it). Bytes already there are staged and copied once into an array of their
     * count ({@link FirstTry#recv}); a call that must wait for them receives into a
     * {@code bufsize} array, shortened, so no staging buffer is held while it waits.
     */
    public byte[] recv(int bufsize, int flags) throws IOException {
        int size = bufferSize(SocketOp.RECV, bufsize, flags);
        if (!FirstTry.stagesRecv(message, flags)) {
            byte[] data = new byte[size];
            return shrunk(data, data(SocketOp.RECV, MemorySegment.ofArray(data), 0, size, flags, null));
        }
        int s = fd.acquire();
        try {
            long timeout = mode.timeoutNanos(); // read once for the call
            long deadline = SocketMode.deadline(timeout);
            Event recorded = SocketEvents.begin(false);
            byte[] ready = FirstTry.recv(s, size, flags);
            if (ready != null) {
                SocketEvents.end(recorded, s, ready.length, size > 0, timeout, null);
                return ready;
            }
            if (!goesOnWaiting(-EAGAIN, flags, timeout)) {
                throw ErrnoNames.exception(EAGAIN, SocketOp.RECV.label); // non-blocking: Python's BlockingIOError
            }
            byte[] data = new byte[size];
            return shrunk(data, pass(SocketOp.RECV, s, MemorySegment.ofArray(data), 0, size, flags, null, timeout, deadline));
        } finally {
            fd.release();
        }
    }

    /** recvfrom(2) into a new array, as {@link #recv(int, int)}, with the sender's address. */
    public Received recvfrom(int bufsize, int flags) throws IOException {
        byte[] data = new byte[bufferSize(SocketOp.RECVFROM, bufsize, flags)];
        Peer from = Peer.from();
        long got = data(SocketOp.RECVFROM, MemorySegment.ofArray(data), 0, data.length, flags, from);
        return new Received(shrunk(data, got), from.from);
    }

    /** recvfrom(2) into {@code dst} as {@link #recv(ByteBuffer, int)}: the sender's address, null where there is none. */
    public @Nullable InetSocketAddress recvfrom(ByteBuffer dst, int flags) throws IOException {
        MemorySegment target = MemorySegment.ofBuffer(writable(dst));
        Peer peer = Peer.from();
        int got = (int) data(SocketOp.RECVFROM, target, 0, target.byteSize(), flags, peer);
        InetSocketAddress from = peer.from;
        dst.position(dst.position() + got);
        return from;
    }

    /** The array a receive of {@code bufsize} bytes needs: no more than one call can fill. */
    private int bufferSize(SocketOp op, int bufsize, int flags) {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in " + op.label);
        }
        return (int) SocketOp.stagedSize(message, bufsize, flags);
    }

    private static ByteBuffer writable(ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read-only buffer");
        }
        return dst;
    }

    private static byte[] shrunk(byte[] data, long got) {
        return got == data.length ? data : Arrays.copyOf(data, (int) got);
    }

    // ---- sending ----

    /** send(2) of {@code len} bytes of {@code data} from {@code off}: the count. */
    public int send(byte[] data, int off, int len, int flags) throws IOException {
        return arrayCall(SocketOp.SEND, data, off, len, flags);
    }

    /** send(2) from {@code src}'s position to its limit; the position advances by the count. */
    public int send(ByteBuffer src, int flags) throws IOException {
        return advanced(src, data(SocketOp.SEND, segmentOf(src), 0, src.remaining(), flags, null));
    }

    /** sendto(2) of all of {@code data} to the address image {@code to}: the count. */
    public int sendto(byte[] data, int flags, byte @Nullable [] to) throws IOException {
        return (int) data(SocketOp.SENDTO, MemorySegment.ofArray(data), 0, data.length, flags, to == null ? null : Peer.to(to));
    }

    /** sendto(2) from {@code src}'s position to its limit; the position advances by the count. */
    public int sendto(ByteBuffer src, byte[] to) throws IOException {
        return advanced(src, data(SocketOp.SENDTO, MemorySegment.ofBuffer(src), 0, src.remaining(), 0, Peer.to(to)));
    }

    /** A direct buffer's segment from {@code position} to its capacity, made for the buffer at that position. */
    private record DirectView(ByteBuffer buffer, int position, MemorySegment segment) {}

    /**
     * {@code buffer}'s bytes from its position as a segment for one call, which passes the
     * length itself: at least its remaining bytes. {@link MemorySegment#ofBuffer} makes new
     * objects on every call, so for a direct buffer the segment is kept and used again while the
     * same buffer comes back at the same position, as an event loop's one buffer does after
     * {@code clear()} or {@code flip()}: its calls allocate nothing. The segment keeps its buffer
     * alive, so it is held through a weak reference: the gate never keeps a buffer the caller has
     * dropped, and after a collection the next call simply makes the segment again. Racing
     * callers at worst replace each other's view; each uses one whose fields are final.
     */
    private MemorySegment segmentOf(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            return MemorySegment.ofBuffer(buffer);
        }
        int position = buffer.position();
        DirectView view = lastDirect.get();
        if (view == null || view.buffer != buffer || view.position != position) {
            view = new DirectView(buffer, position, MemorySegment.ofBuffer(buffer.duplicate().limit(buffer.capacity())));
            lastDirect = new WeakReference<>(view);
        }
        return view.segment;
    }

    private static int advanced(ByteBuffer buffer, long count) {
        buffer.position(buffer.position() + (int) count);
        return (int) count;
    }

    /** Sends all of {@code data}, looping over short sends; one deadline for the whole call. */
    public void sendAll(byte[] data, int flags) throws IOException {
        sendAll(MemorySegment.ofArray(data), flags, null);
    }

    /** {@link #sendAll(byte[], int)} from position to limit; the position ends past what was sent, even on failure. */
    public void sendAll(ByteBuffer src) throws IOException {
        sendAll(MemorySegment.ofBuffer(src), 0, src);
    }

    private void sendAll(MemorySegment source, int flags, @Nullable ByteBuffer advanced) throws IOException {
        long size = source.byteSize();
        long sent = 0;
        int s = fd.acquire();
        try {
            long timeout = mode.timeoutNanos(); // read once for the call
            long deadline = SocketMode.deadline(timeout);
            while (sent < size) {
                sent += pass(SocketOp.SEND, s, source, sent, size - sent, flags, null, timeout, deadline);
            }
        } catch (ErrnoException e) {
            // Python's BlockingIOError from sendall says how much went before the buffer filled
            throw e.errno() == EAGAIN ? ErrnoNames.exception(EAGAIN, "sendall: " + sent + " of " + size + " bytes sent") : e;
        } finally {
            fd.release();
            if (advanced != null) {
                advanced.position(advanced.position() + (int) sent);
            }
        }
    }

    /** One data call with the descriptor held open. */
    private long data(SocketOp op, MemorySegment mem, long off, long len, int flags, @Nullable Peer peer) throws IOException {
        int s = fd.acquire();
        try {
            long timeout = mode.timeoutNanos(); // read once for the call
            return pass(op, s, mem, off, len, flags, peer, timeout, SocketMode.deadline(timeout));
        } finally {
            fd.release();
        }
    }

    /** One data call through {@link #call}, recorded for Flight Recorder: the count, or the errno thrown. */
    private long pass(SocketOp op, int s, MemorySegment mem, long off, long len, int flags, @Nullable Peer peer, long timeout,
            long deadline) throws IOException {
        boolean out = op.out();
        Event recorded = SocketEvents.begin(out); // null unless a Flight Recorder recording wants it
        long r = call(op, s, mem, off, len, out ? flags | MSG_NOSIGNAL : flags, peer, timeout, deadline); // EPIPE, never SIGPIPE
        if (r < 0) {
            throw ErrnoNames.exception((int) -r, op.label);
        }
        SocketEvents.end(recorded, s, r, !message && len > 0, timeout, peer);
        return r;
    }

    /**
     * A send or recv of {@code len} bytes of {@code array} from {@code off}: the {@link FirstTry},
     * then, when it would block and the socket waits, the full loop ({@link #pass}), which
     * tries once more before it waits, a call small beside the wait.
     */
    private int arrayCall(SocketOp op, byte[] array, int off, int len, int flags) throws IOException {
        if (!FirstTry.applies(flags)) {
            return (int) data(op, MemorySegment.ofArray(array), off, len, flags, null);
        }
        int s = fd.acquire();
        try {
            long timeout = mode.timeoutNanos(); // read once for the call
            long deadline = SocketMode.deadline(timeout);
            Event recorded = SocketEvents.begin(op.out());
            long r = op == SocketOp.SEND ? FirstTry.send(s, array, off, len, flags) : FirstTry.recvInto(s, array, off, len, flags);
            if (goesOnWaiting(r, flags, timeout)) {
                return (int) pass(op, s, MemorySegment.ofArray(array), off, len, flags, null, timeout, deadline);
            }
            if (r < 0) {
                throw ErrnoNames.exception((int) -r, op.label);
            }
            SocketEvents.end(recorded, s, r, !message && len > 0, timeout, null);
            return (int) r;
        } finally {
            fd.release();
        }
    }

    /** After a {@link FirstTry} that would block: true when the socket waits (its {@code timeout} not 0, no MSG_DONTWAIT). */
    private static boolean goesOnWaiting(long r, int flags, long timeout) {
        return FirstTry.wouldBlock(r) && timeout != 0 && (flags & MSG_DONTWAIT) == 0;
    }

    // ---- accepting and connecting ----

    /**
     * accept(2): the new connection (close-on-exec, blocking) and its peer. A parking or timed
     * accept first sets O_NONBLOCK on the listener for good, as accept has no per-call flag.
     */
    public Connection accept() throws IOException {
        int s = fd.acquire();
        try {
            long timeout = mode.timeoutNanos(); // read once for the call
            long deadline = SocketMode.deadline(timeout);
            if (!mode.plainBlocking(timeout)) {
                mode.makeFdNonBlocking(s);
            }
            Peer peer = Peer.from();
            long conn = call(SocketOp.ACCEPT, s, MemorySegment.NULL, 0, 0, 0, peer, timeout, deadline);
            if (conn < 0) {
                throw ErrnoNames.exception((int) -conn, SocketOp.ACCEPT.label);
            }
            try {
                return new Connection((int) conn, Objects.requireNonNull(peer.from));
            } catch (RuntimeException e) {
                try {
                    FdCalls.close((int) conn);
                } catch (ErrnoException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        } finally {
            fd.release();
        }
    }

    /**
     * CPython's internal_connect: 0 or the errno ({@code connect_ex}); EBADF once closed. A
     * timed (or parking) connect sets O_NONBLOCK for good, then waits for the socket to become
     * writable and reads SO_ERROR; a blocking connect interrupted by a signal (EINTR) waits the
     * same way, as the connection goes on in the background. When the time runs out it throws
     * SocketTimeoutException if {@code raise}, else returns EWOULDBLOCK, as in CPython.
     */
    public int connect(byte[] address, boolean raise) throws IOException {
        int s;
        try {
            s = fd.acquire();
        } catch (ErrnoException closed) {
            return closed.errno(); // Python's connect_ex on a closed socket returns EBADF
        }
        try {
            long timeout = mode.timeoutNanos(); // read once for the call
            boolean plain = mode.plainBlocking(timeout);
            long deadline = SocketMode.deadline(timeout);
            if (!plain) {
                mode.makeFdNonBlocking(s);
            }
            int errno = SocketAddressing.connect(s, address);
            if (errno == Constants.EINTR) {
                SignalInterrupt.raiseIfPending(); // CPython's internal_connect: PyErr_CheckSignals before waiting on
            }
            boolean underWay = errno == Constants.EINPROGRESS || errno == Constants.EINTR;
            boolean wait = plain ? errno == Constants.EINTR && fdBlocking(s) : timeout != 0 && underWay;
            if (!wait) {
                return errno;
            }
            try {
                return (int) -call(SocketOp.CONNECT, s, MemorySegment.NULL, 0, 0, 0, null, timeout, deadline);
            } catch (SocketTimeoutException e) {
                if (raise) {
                    throw e;
                }
                return EWOULDBLOCK;
            }
        } finally {
            fd.release();
        }
    }

    private static boolean fdBlocking(int s) throws ErrnoException {
        return (FdCalls.fcntl(s, Constants.F_GETFL, 0) & Constants.O_NONBLOCK) == 0;
    }

    // ---- the loop ----

    /**
     * CPython's sock_call_ex: one call as the socket's mode wants it, its result (a count, a
     * descriptor, 0) or minus the errno returned.
     * <ol>
     * <li>First one call that cannot block: heap bytes of a plain send/recv go to the kernel
     *     directly ({@link SocketCalls#sendNow}, a critical call: no copy, no limit), anything else
     *     with MSG_DONTWAIT (accept and connect: on the non-blocking fd) through {@link #now}. A
     *     plainly blocking call ({@link SocketMode#plainBlocking}) that cannot go directly skips this try
     *     and makes the call that waits at once. {@link SocketOp#CONNECT}, whose connect(2) was made
     *     already, waits first (CPython's {@code connect} flag).
     * <li>If it would block: a non-blocking socket, or MSG_DONTWAIT, returns -EAGAIN; a plainly
     *     blocking call makes one call that waits in the kernel; otherwise {@link #awaitReady}
     *     until the deadline, then the call that cannot block again: a wakeup is a hint, and one
     *     that finds nothing (a false positive) waits again.
     * </ol>
     */
    private long call(SocketOp op, int s, MemorySegment mem, long off, long len, int flags, @Nullable Peer peer, long timeout,
            long deadline) throws IOException {
        boolean connect = op == SocketOp.CONNECT;
        boolean mayWait = connect || timeout != 0 && (flags & MSG_DONTWAIT) == 0;
        boolean plain = !connect && mayWait && mode.plainBlocking(timeout);
        boolean direct = (op == SocketOp.RECV || op == SocketOp.SEND) && !mem.isNative() && (flags & MSG_WAITALL) == 0;
        long r;
        if (connect) {
            r = -EAGAIN;
        } else if (plain && !direct) {
            r = op.once(s, mem, off, len, flags, peer, message); // blocks in the kernel, its bytes staged
        } else {
            r = now(op, s, mem, off, len, flags, peer, direct);
            if (plain && wouldBlock(r)) {
                r = op.once(s, mem, off, len, flags, peer, message);
            }
        }
        while (mayWait && !plain && wouldBlock(r)) {
            awaitReady(s, op.event, deadline);
            r = now(op, s, mem, off, len, flags, peer, direct);
        }
        return r;
    }

    /** The result is -EAGAIN or -EWOULDBLOCK. */
    private static boolean wouldBlock(long r) {
        return r == -EAGAIN || r == -EWOULDBLOCK;
    }

    /**
     * Waits until {@code s} is ready for {@code event}: parks a virtual thread, polls on a
     * platform thread. Throws SocketTimeoutException once a timeout's deadline has passed, and
     * the closed-socket exception when close() woke the wait.
     */
    private void awaitReady(int s, int event, long deadline) throws IOException {
        if (Deadline.expired(deadline)) {
            throw new SocketTimeoutException("timed out");
        }
        Waits.awaitFd(s, event, deadline, fd.owned());
        fd.ensureOpen();
    }

    /** The gate's call that cannot block: the result or minus the errno. */
    private long now(SocketOp op, int s, MemorySegment mem, long off, long len, int flags, @Nullable Peer peer, boolean direct) throws IOException {
        if (direct) {
            MemorySegment m = off == 0 ? mem : mem.asSlice(off);
            return op == SocketOp.SEND ? SocketCalls.sendNow(s, m, len, flags) : SocketCalls.recvNow(s, m, len, flags);
        }
        if (op == SocketOp.CONNECT) { // CPython's sock_connect_impl, once the socket is really writable
            return Waits.readyNow(s, POLLOUT) ? -SocketOptions.getInt(s, Constants.SOL_SOCKET, Constants.SO_ERROR) : -EAGAIN;
        }
        return op.once(s, mem, off, len, flags | MSG_DONTWAIT, peer, message);
    }
}
