package dev.jselect;

import org.jspecify.annotations.Nullable;

/** Python's {@code ConnectionRefusedError}: ECONNREFUSED. Made by {@link ErrnoException#of(int, String, String, String)}. */
public final class ConnectionRefusedException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    ConnectionRefusedException(int errno, String errnoName, String strerror, @Nullable String context) {
        super(errno, errnoName, strerror, context);
    }
}
