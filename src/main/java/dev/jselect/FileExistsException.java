package dev.jselect;

/** Python's {@code FileExistsError}: EEXIST. Made by {@link ErrnoException#of(int, String)}. */
public final class FileExistsException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    FileExistsException(int errno, String context) {
        super(errno, context);
    }
}
