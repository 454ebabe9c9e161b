package dev.jselect;

import org.jspecify.annotations.Nullable;

/** Python's {@code ChildProcessError}: ECHILD, no child process to wait for. Made by {@link ErrnoException#of(int, String, String, String)}. */
public final class ChildProcessException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    ChildProcessException(int errno, String errnoName, String strerror, @Nullable String context) {
        super(errno, errnoName, strerror, context);
    }
}
