package dev.jselect.internal.wait;

import java.util.HashMap;
import java.util.Map;

/**
 * Closes of raw fds that a parked virtual thread is using ({@code Os.read}, {@code Os.write}),
 * so that a close wakes it with EBADF and it never goes on with whatever file the kernel hands
 * the number to next. A call {@link #begin begins} by recording how often its fd was closed so
 * far; {@link #closing} (Os.close, a pipe's close) counts one more close and drops the fd's
 * waiters from every poller, which unparks them; a woken call asks {@link #closedSince} before it
 * looks at the fd again. Only fds with a call in progress are counted, so the table holds
 * nothing once those calls have returned.
 */
public final class FdCloses {
    /** fd -> {calls in progress, closes seen since the first of them began}. Guarded by itself. */
    private static final Map<Integer, int[]> WATCHED = new HashMap<>();
    /** Whether WATCHED has an entry: the close of an unwatched fd costs one volatile read. */
    private static volatile boolean any;

    private FdCloses() {}

    /** A call on {@code fd} begins: the token to pass to {@link #closedSince} and {@link #end}. */
    static int begin(int fd) {
        synchronized (WATCHED) {
            int[] e = WATCHED.computeIfAbsent(fd, k -> new int[2]);
            e[0]++;
            any = true;
            return e[1];
        }
    }

    /** The call that {@link #begin began} on {@code fd} has ended. */
    static void end(int fd) {
        synchronized (WATCHED) {
            int[] e = WATCHED.get(fd);
            if (e != null && --e[0] == 0) {
                WATCHED.remove(fd);
                any = !WATCHED.isEmpty();
            }
        }
    }

    /** True when {@code fd} was closed since the call that got {@code token} began. */
    static boolean closedSince(int fd, int token) {
        synchronized (WATCHED) {
            int[] e = WATCHED.get(fd);
            return e != null && e[1] != token;
        }
    }

    /**
     * Called just before close(2) of {@code fd}, and again just after it: counts the close for
     * the calls in progress on it (the first time only) and wakes every thread parked on it,
     * whichever poller it waits in. The second call catches a thread that registered in between.
     */
    public static void closing(int fd, boolean before) {
        if (before && any) {
            synchronized (WATCHED) {
                int[] e = WATCHED.get(fd);
                if (e != null) {
                    e[1]++;
                }
            }
        }
        Poller.closing(fd);
    }
}
