package dev.jselect;

import org.jspecify.annotations.Nullable;

/** Python's {@code ConnectionAbortedError}: ECONNABORTED. Made by {@link ErrnoException#of(int, String, String, String)}. */
public final class ConnectionAbortedException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    ConnectionAbortedException(int errno, String errnoName, String strerror, @Nullable String context) {
        super(errno, errnoName, strerror, context);
    }
}
