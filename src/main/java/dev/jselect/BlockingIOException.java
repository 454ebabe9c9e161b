package dev.jselect;

import org.jspecify.annotations.Nullable;

/** Python's {@code BlockingIOError}: EAGAIN, EALREADY, EWOULDBLOCK or EINPROGRESS, an operation that would block a nonblocking socket. Made by {@link ErrnoException#of(int, String, String, String)}. */
public final class BlockingIOException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    BlockingIOException(int errno, String errnoName, String strerror, @Nullable String context) {
        super(errno, errnoName, strerror, context);
    }
}
