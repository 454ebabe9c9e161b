package dev.jselect;

/** Python's {@code ConnectionRefusedError}: ECONNREFUSED. Made by {@link ErrnoException#of(int, String, String, String)}. */
public final class ConnectionRefusedException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    ConnectionRefusedException(int errno, String errnoName, String strerror, String context) {
        super(errno, errnoName, strerror, context);
    }
}
