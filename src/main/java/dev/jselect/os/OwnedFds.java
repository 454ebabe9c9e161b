package dev.jselect.os;

import dev.jselect.internal.Syscalls;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Descriptors held by {@link Pipe} values. A record cannot remember that it was closed, so the
 * "close once" guarantee lives here: an fd is closed only by whoever removes it from the set,
 * and {@link Os#close(int)} removes it too, so a pipe end closed by hand is not closed again.
 */
final class OwnedFds {
    private static final Set<Integer> OPEN = ConcurrentHashMap.newKeySet();

    private OwnedFds() {}

    static void claim(int fd) {
        OPEN.add(fd);
    }

    static void release(int fd) {
        OPEN.remove(fd);
    }

    static void closeOnce(int fd) throws IOException {
        if (OPEN.remove(fd)) {
            Syscalls.close(fd);
        }
    }
}
