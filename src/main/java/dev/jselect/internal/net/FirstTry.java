package dev.jselect.internal.net;

import dev.jselect.ErrnoException;
import dev.jselect.internal.Scratch;
import dev.jselect.internal.Staging;
import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.ErrnoNames;
import dev.jselect.internal.sys.SocketCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The first try of a send or receive of a Java array, the one that succeeds in an event loop:
 * one call that cannot block (MSG_DONTWAIT). {@link SocketGate} makes it first and goes on to
 * its full loop only when it would block and the socket waits.
 *
 * <p>An array of up to {@link #COPIED} bytes goes through the thread's {@link Staging} buffer:
 * copying that much costs about what a heap segment of the array costs, and nothing is left on
 * the Java heap (a heap segment is two objects per call wherever the JIT does not inline the
 * whole call into its caller, as in a large event loop). A larger array goes to the kernel
 * straight from the heap, a critical call.
 *
 * <p>{@link #recv}, Python's {@code recv(n)}, receives into the thread's {@link Staging} buffer
 * and copies the bytes once into an array of exactly their count: a {@code recv(1024)} that
 * finds 40 bytes allocates 40 bytes, not 1 024 zeroed ones and then 40 more to shorten them to.
 */
final class FirstTry {
    /** The flags a staged receive takes; with any other, the bytes go straight into the caller's array. */
    private static final int STAGED_RECV_FLAGS = Constants.MSG_PEEK | Constants.MSG_DONTWAIT;
    private static final int MSG_NOSIGNAL = Constants.MSG_NOSIGNAL;
    private static final int MSG_WAITALL = Constants.MSG_WAITALL;
    private static final int EAGAIN = Constants.EAGAIN;
    private static final int EWOULDBLOCK = Constants.EWOULDBLOCK;
    /** The most bytes a send or recvInto copies through staging instead of passing the array itself. */
    static final int COPIED = 4096;

    private FirstTry() {}

    /** True when an array send or recvInto with {@code flags} may be tried here (MSG_WAITALL must wait). */
    static boolean applies(int flags) {
        return (flags & MSG_WAITALL) == 0;
    }

    /**
     * True when a recv(n) with {@code flags} on this kind of socket may go through {@link #recv}:
     * a stream, so no message is cut at the staging size, and no flag that makes recv(2) count
     * bytes it does not write (MSG_TRUNC).
     */
    static boolean stagesRecv(boolean message, int flags) {
        return !message && (flags & ~STAGED_RECV_FLAGS) == 0;
    }

    /** send(2) of {@code len} bytes of {@code data} from {@code off}, never SIGPIPE: the count or minus the errno. */
    static long send(int s, byte[] data, int off, int len, int flags) {
        if (len > COPIED) {
            return SocketCalls.sendNow(s, slice(data, off), len, flags | MSG_NOSIGNAL);
        }
        try (Staging.Staged staged = Staging.take(len)) {
            MemorySegment buf = staged.segment();
            MemorySegment.copy(data, off, buf, ValueLayout.JAVA_BYTE, 0, len);
            return SocketCalls.sendNow(blockOf(staged), s, buf, len, flags | MSG_NOSIGNAL);
        }
    }

    /** recv(2) of up to {@code len} bytes into {@code dst} at {@code off}: the count or minus the errno. */
    static long recvInto(int s, byte[] dst, int off, int len, int flags) {
        if (len > COPIED || (flags & ~STAGED_RECV_FLAGS) != 0) { // MSG_TRUNC may count bytes it never wrote
            return SocketCalls.recvNow(s, slice(dst, off), len, flags);
        }
        try (Staging.Staged staged = Staging.take(len)) {
            MemorySegment buf = staged.segment();
            long r = SocketCalls.recvNow(blockOf(staged), s, buf, len, flags);
            if (r > 0) {
                MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, dst, off, (int) r);
            }
            return r;
        }
    }

    /**
     * The block {@code staged} belongs to, whose errno slice the call uses, so that it looks up
     * no second block: a first try stages at most {@link Staging#LIMIT} bytes, never a one-off buffer.
     */
    private static Scratch blockOf(Staging.Staged staged) {
        return Objects.requireNonNull(staged.block());
    }

    private static MemorySegment slice(byte[] array, int off) {
        MemorySegment whole = MemorySegment.ofArray(array);
        return off == 0 ? whole : whole.asSlice(off);
    }

    /**
     * recv(2) of up to {@code size} bytes into this thread's staging buffer: a new array of the
     * bytes received (empty at end of stream), or null when nothing is there yet. Any other
     * failure is thrown.
     */
    static byte @Nullable [] recv(int s, int size, int flags) throws ErrnoException {
        try (Staging.Staged staged = Staging.take(size)) {
            MemorySegment buf = staged.segment();
            long r = SocketCalls.recvNow(blockOf(staged), s, buf, size, flags);
            if (r < 0) {
                if (wouldBlock(r)) {
                    return null;
                }
                throw ErrnoNames.exception((int) -r, "recv");
            }
            byte[] data = new byte[(int) r];
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, data, 0, data.length);
            return data;
        }
    }

    /** The result is -EAGAIN or -EWOULDBLOCK. */
    static boolean wouldBlock(long r) {
        return r == -EAGAIN || r == -EWOULDBLOCK;
    }
}
