package dev.jselect;

import org.jspecify.annotations.Nullable;

/** Python's {@code ConnectionError}: the parent of the connection errors (no errno maps to it directly). Made by {@link ErrnoException#of(int, String, String, String)}. */
public class ConnectionException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    ConnectionException(int errno, String errnoName, String strerror, @Nullable String context) {
        super(errno, errnoName, strerror, context);
    }
}
