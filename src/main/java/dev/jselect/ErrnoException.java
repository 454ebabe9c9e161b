package dev.jselect;

import dev.jselect.internal.Errno;
import dev.jselect.internal.Syscalls;
import java.io.IOException;

/**
 * A failed system call: Python's {@code OSError} and its subclasses ({@code BlockingIOError},
 * {@code FileNotFoundError}, ...). The message reads like Python's, {@code "[Errno 9] Bad file
 * descriptor"}, followed by the call that failed.
 */
public class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String errnoName;

    /** An exception for {@code errno}, with the failing call (or other context) named in the message. */
    public ErrnoException(int errno, String context) {
        super("[Errno " + errno + "] " + Syscalls.strerror(errno) + (context == null ? "" : ": " + context));
        this.errno = errno;
        this.errnoName = Errno.name(errno);
    }

    public ErrnoException(int errno) {
        this(errno, null);
    }

    /** The C errno value, like {@code OSError.errno}. */
    public int errno() {
        return errno;
    }

    /** The symbolic name, like {@code errno.errorcode[e.errno]}: "EBADF", "EAGAIN", ... */
    public String errnoName() {
        return errnoName;
    }
}
