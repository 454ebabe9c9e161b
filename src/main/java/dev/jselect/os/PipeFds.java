package dev.jselect.os;

import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.wait.FdCloses;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which {@link Pipe} owns which open descriptor. A record cannot remember that it was closed,
 * so the "close once" guarantee lives here: a pipe closes an fd only while the fd is still
 * recorded as its own (compared by identity, since equal records may stand for different pipes
 * that got the same numbers). {@link Os#close(int)} forgets the fd too, so an end closed by hand
 * is not closed again, and a number the kernel hands out again belongs to its new owner only.
 */
final class PipeFds {
    private static final Map<Integer, Pipe> OWNER = new ConcurrentHashMap<>();

    private PipeFds() {}

    static void claim(int fd, Pipe owner) {
        OWNER.put(fd, owner);
    }

    static void forget(int fd) {
        OWNER.remove(fd);
    }

    /** Closes {@code fd} if {@code owner} still owns it; atomic, so racing callers close it once. */
    static void closeOnce(int fd, Pipe owner) throws IOException {
        boolean[] mine = new boolean[1];
        OWNER.computeIfPresent(fd, (k, current) -> {
            mine[0] = current == owner;
            return mine[0] ? null : current;
        });
        if (mine[0]) {
            FdCloses.closing(fd, true); // wakes a virtual thread parked on this end (see Os.close)
            try {
                FdCalls.close(fd);
            } finally {
                FdCloses.closing(fd, false);
            }
        }
    }
}
