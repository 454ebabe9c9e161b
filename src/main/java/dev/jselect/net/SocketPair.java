package dev.jselect.net;

import java.io.IOException;
import java.util.Objects;

/**
 * Two connected sockets, as returned by {@link NativeSocket#socketpair()} (Python's
 * {@code socket.socketpair()} tuple). Closing the pair closes both; each socket closes at most once.
 *
 * @param first one end of the pair
 * @param second the other end
 */
public record SocketPair(NativeSocket first, NativeSocket second) implements AutoCloseable {
    /** The pair; neither socket may be null. */
    public SocketPair {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }

    /** Closes both sockets (Python: {@code a.close(); b.close()}); later calls do nothing. */
    @Override
    public void close() throws IOException {
        try {
            first.close();
        } catch (IOException e) {
            try {
                second.close();
            } catch (IOException e2) {
                e.addSuppressed(e2);
            }
            throw e;
        }
        second.close();
    }
}
