package dev.jselect;

import org.jspecify.annotations.Nullable;

/** Python's {@code PermissionError}: EACCES or EPERM. Made by {@link ErrnoException#of(int, String, String, String)}. */
public final class PermissionException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    PermissionException(int errno, String errnoName, String strerror, @Nullable String context) {
        super(errno, errnoName, strerror, context);
    }
}
