package dev.jselect;

import org.jspecify.annotations.Nullable;

/** Python's {@code ProcessLookupError}: ESRCH, no such process. Made by {@link ErrnoException#of(int, String, String, String)}. */
public final class ProcessLookupException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    ProcessLookupException(int errno, String errnoName, String strerror, @Nullable String context) {
        super(errno, errnoName, strerror, context);
    }
}
