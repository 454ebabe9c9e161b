package dev.jselect.internal;

import dev.jselect.internal.wait.Wakeup;

import dev.jselect.internal.sys.ErrnoNames;

import dev.jselect.internal.sys.FdCalls;

import dev.jselect.internal.sys.Constants;

import dev.jselect.ErrnoException;
import dev.jselect.HasFileno;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code PyObject_AsFileDescriptor}: an Integer or a {@link HasFileno} becomes a
 * non-negative fd, anything else is an {@link IllegalArgumentException} (Python's TypeError and
 * ValueError) that names what it was given.
 */
public final class Fds {
    private Fds() {}

    /** The fd of an Integer or a HasFileno. */
    public static int of(@Nullable Object fileobj) {
        if (fileobj instanceof Integer fd) {
            return check(fd);
        }
        if (fileobj instanceof HasFileno f) {
            return check(f.fileno());
        }
        String what = fileobj == null ? "null" : fileobj.getClass().getName() + " (" + fileobj + ")";
        throw new IllegalArgumentException("argument must be an Integer fd or a HasFileno, not " + what);
    }

    /** The fd of a HasFileno; null is an IllegalArgumentException like any other non-file. */
    public static int of(@Nullable HasFileno fileobj) {
        return of((Object) fileobj);
    }

    /**
     * Fails unless {@code fd} is an open descriptor of the caller's: fcntl(F_GETFD) reports EBADF
     * for a closed one, and a number the library's own wakeup holds names no file of the
     * caller's (theirs under it was closed). {@code context} follows the exception's message.
     */
    public static void requireOpen(int fd, String context) throws ErrnoException {
        if (Wakeup.isWakeupFd(fd)) {
            throw ErrnoNames.exception(Constants.EBADF, context);
        }
        try {
            FdCalls.fcntl(fd, Constants.F_GETFD, 0);
        } catch (ErrnoException e) {
            throw ErrnoNames.exception(e.errno(), context);
        }
    }

    /** {@code fd} itself when it is not negative. */
    public static int check(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("file descriptor cannot be a negative integer (" + fd + ")");
        }
        return fd;
    }
}
