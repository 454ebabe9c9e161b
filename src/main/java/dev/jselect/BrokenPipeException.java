package dev.jselect;

import org.jspecify.annotations.Nullable;

/** Python's {@code BrokenPipeError}: EPIPE or ESHUTDOWN, a write after the other end or this end shut down. Made by {@link ErrnoException#of(int, String, String, String)}. */
public final class BrokenPipeException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    BrokenPipeException(int errno, String errnoName, String strerror, @Nullable String context) {
        super(errno, errnoName, strerror, context);
    }
}
