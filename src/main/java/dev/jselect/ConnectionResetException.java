package dev.jselect;

import org.jspecify.annotations.Nullable;

/** Python's {@code ConnectionResetError}: ECONNRESET, a connection reset by the peer. Made by {@link ErrnoException#of(int, String, String, String)}. */
public final class ConnectionResetException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    ConnectionResetException(int errno, String errnoName, String strerror, @Nullable String context) {
        super(errno, errnoName, strerror, context);
    }
}
