package dev.jselect.internal.net;

import dev.jselect.ErrnoException;
import dev.jselect.internal.Staging;
import dev.jselect.internal.jfr.SocketEvents;
import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.ErrnoNames;
import dev.jselect.internal.sys.SocketCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.jfr.Event;
import org.jspecify.annotations.Nullable;

/**
 * {@code recv(n)}'s first try, the one that finds the bytes already there in an event loop: one
 * recv(2) that cannot block into the thread's {@link Staging} buffer, then a new array of
 * exactly the count received. So a {@code recv(1024)} that gets 40 bytes allocates 40 bytes,
 * not 1 024 zeroed and then 40 more to shorten them into, and copies them once.
 *
 * <p>Only for a stream without flags that make recv(2) write other than what it counts
 * ({@link #stages}): a message must never be truncated by the staging size, and MSG_TRUNC on a
 * stream counts bytes it does not write.
 */
final class ReadyRecv {
    /** The flags this try handles; with any other, recv(n) receives straight into its array. */
    private static final int STAGED_FLAGS = Constants.MSG_PEEK | Constants.MSG_DONTWAIT;
    private static final int EAGAIN = Constants.EAGAIN;
    private static final int EWOULDBLOCK = Constants.EWOULDBLOCK;

    private ReadyRecv() {}

    /** True when a receive with {@code flags} on this kind of socket may go through {@link #take}. */
    static boolean stages(boolean message, int flags) {
        return !message && (flags & ~STAGED_FLAGS) == 0;
    }

    /**
     * One recv(2) of at most {@code size} bytes on {@code s} that cannot block: a new array of
     * the bytes received (empty at end of stream), or null when nothing is there yet. Any other
     * failure is thrown. Recorded for Flight Recorder as the gate records a call.
     *
     * @param timeoutNanos the socket's timeout, for the event
     */
    static byte @Nullable [] take(int s, int size, int flags, long timeoutNanos) throws ErrnoException {
        Event recorded = SocketEvents.begin(false); // null unless a recording wants it
        byte[] data;
        try (Staging.Staged staged = Staging.take(size)) {
            MemorySegment buf = staged.segment();
            long r = SocketCalls.recvNow(s, buf, size, flags);
            if (r < 0) {
                if (r == -EAGAIN || r == -EWOULDBLOCK) {
                    return null;
                }
                throw ErrnoNames.exception((int) -r, "recv");
            }
            data = new byte[(int) r];
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, data, 0, data.length);
        }
        SocketEvents.end(recorded, s, data.length, size > 0, timeoutNanos, null, false);
        return data;
    }
}
