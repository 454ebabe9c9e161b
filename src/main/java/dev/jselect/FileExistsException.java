package dev.jselect;

import org.jspecify.annotations.Nullable;

/** Python's {@code FileExistsError}: EEXIST. Made by {@link ErrnoException#of(int, String, String, String)}. */
public final class FileExistsException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    FileExistsException(int errno, String errnoName, String strerror, @Nullable String context) {
        super(errno, errnoName, strerror, context);
    }
}
