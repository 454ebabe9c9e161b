package dev.jselect;

/** Python's {@code ConnectionAbortedError}: ECONNABORTED. Made by {@link ErrnoException#of(int, String)}. */
public final class ConnectionAbortedException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    ConnectionAbortedException(int errno, String context) {
        super(errno, context);
    }
}
