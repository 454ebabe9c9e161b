package dev.jselect;

/** Python's {@code ConnectionRefusedError}: ECONNREFUSED. Made by {@link ErrnoException#of(int, String)}. */
public final class ConnectionRefusedException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    ConnectionRefusedException(int errno, String context) {
        super(errno, context);
    }
}
