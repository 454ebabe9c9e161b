package dev.jselect;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A failed system call: Python's {@code OSError}. Made by {@link #of(int, String, String, String)},
 * which, as CPython's {@code OSError(errno, ...)} does, picks the subclass for the errno
 * ({@link BlockingIOException} for EAGAIN, {@link ConnectionRefusedException} for ECONNREFUSED,
 * ...), so one {@code catch} clause ports one {@code except} clause. The message reads like
 * Python's, {@code "[Errno 9] Bad file descriptor"}, followed by the call that failed;
 * {@link #pythonMessage()} is Python's {@code str(e)} without the call.
 *
 * <p>An exception is plain data: the library works out the errno's name and the C library's
 * text before it builds one, so making an exception makes no native call.
 */
public class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The errno value. */
    private final int errno;
    /** The errno's name, such as "EBADF". */
    private final String errnoName;
    /** The C library's text for the errno. */
    private final String strerror;

    ErrnoException(int errno, String errnoName, String strerror, @Nullable String context) {
        super("[Errno " + errno + "] " + strerror + (context == null ? "" : ": " + context));
        this.errno = errno;
        this.errnoName = errnoName;
        this.strerror = strerror;
    }

    /**
     * The exception for {@code errno}, as Python's {@code OSError(errno, strerror)}: an instance
     * of the subclass CPython's errnomap (Objects/exceptions.c) gives the errno's symbolic name
     * {@code errnoName} ({@link BrokenPipeException} for EPIPE and ESHUTDOWN,
     * {@link PermissionException} for EACCES and EPERM, ...), else a plain ErrnoException.
     * {@code strerror} is the C library's text for it; {@code context} (the failing call, or
     * null) follows the message after a colon.
     *
     * @param errno the errno value
     * @param errnoName the errno's name, such as {@code "EBADF"}
     * @param strerror the C library's message for it
     * @param context the call that failed, or {@code null}
     * @return the exception, of the subclass that fits {@code errnoName}
     */
    public static ErrnoException of(int errno, String errnoName, String strerror, @Nullable String context) {
        return switch (errnoName) {
            case "EAGAIN", "EALREADY", "EINPROGRESS", "EWOULDBLOCK" -> new BlockingIOException(errno, errnoName, strerror, context);
            case "EPIPE", "ESHUTDOWN" -> new BrokenPipeException(errno, errnoName, strerror, context);
            case "ECHILD" -> new ChildProcessException(errno, errnoName, strerror, context);
            case "ECONNABORTED" -> new ConnectionAbortedException(errno, errnoName, strerror, context);
            case "ECONNREFUSED" -> new ConnectionRefusedException(errno, errnoName, strerror, context);
            case "ECONNRESET" -> new ConnectionResetException(errno, errnoName, strerror, context);
            case "EEXIST" -> new FileExistsException(errno, errnoName, strerror, context);
            case "EACCES", "EPERM" -> new PermissionException(errno, errnoName, strerror, context);
            case "ESRCH" -> new ProcessLookupException(errno, errnoName, strerror, context);
            default -> new ErrnoException(errno, errnoName, strerror, context);
        };
    }

    /**
     * The C errno value, like {@code OSError.errno}.
     *
     * @return the errno value
     */
    public int errno() {
        return errno;
    }

    /**
     * The symbolic name, like {@code errno.errorcode[e.errno]}: "EBADF", "EAGAIN", ...
     *
     * @return the errno's name, such as {@code "EBADF"}
     */
    public String errnoName() {
        return errnoName;
    }

    /**
     * The C library's text for the errno, like {@code OSError.strerror}: "Bad file descriptor".
     *
     * @return the C library's message for the errno
     */
    public String strerror() {
        return strerror;
    }

    /**
     * What Python's {@code str(e)} prints for this error: {@code "[Errno 111] Connection refused"},
     * the message without the call that failed.
     *
     * @return the message Python prints
     */
    public String pythonMessage() {
        return "[Errno " + errno + "] " + strerror;
    }
}
