package dev.jselect;

import dev.jselect.internal.Errno;
import dev.jselect.internal.Platform;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A failed system call: Python's {@code OSError}. Made only by {@link #of(int, String)}, which,
 * as CPython's {@code OSError(errno, ...)} does, picks the subclass for the errno
 * ({@link BlockingIOException} for EAGAIN, {@link ConnectionRefusedException} for ECONNREFUSED,
 * ...), so one {@code catch} clause ports one {@code except} clause. The message reads like
 * Python's, {@code "[Errno 9] Bad file descriptor"}, followed by the call that failed;
 * {@link #pythonMessage()} is Python's {@code str(e)} without the call.
 */
public class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    /** CPython's errnomap (Objects/exceptions.c): errno to OSError subclass, by this platform's numbers. */
    private static final Map<Integer, BiFunction<Integer, String, ErrnoException>> SUBCLASSES = subclasses();

    private final int errno;
    private final String errnoName;
    private final String strerror;

    ErrnoException(int errno, String context) {
        this(errno, Errno.strerror(errno), context);
    }

    private ErrnoException(int errno, String strerror, String context) {
        super("[Errno " + errno + "] " + strerror + (context == null ? "" : ": " + context));
        this.errno = errno;
        this.errnoName = Errno.name(errno);
        this.strerror = strerror;
    }

    /**
     * The exception for {@code errno}, as Python's {@code OSError(errno, strerror)}: an instance
     * of the subclass CPython would choose ({@link BrokenPipeException} for EPIPE and ESHUTDOWN,
     * {@link PermissionException} for EACCES and EPERM, ...), else a plain ErrnoException.
     * {@code context} (the failing call, or null) follows the message after a colon.
     */
    public static ErrnoException of(int errno, String context) {
        BiFunction<Integer, String, ErrnoException> subclass = SUBCLASSES.get(errno);
        return subclass != null ? subclass.apply(errno, context) : new ErrnoException(errno, context);
    }

    /** {@link #of(int, String)} without context. */
    public static ErrnoException of(int errno) {
        return of(errno, null);
    }

    private static Map<Integer, BiFunction<Integer, String, ErrnoException>> subclasses() {
        Map<Integer, BiFunction<Integer, String, ErrnoException>> m = new HashMap<>();
        if (!Platform.isSupported()) {
            return m;
        }
        for (String n : new String[] {"EAGAIN", "EALREADY", "EINPROGRESS", "EWOULDBLOCK"}) {
            add(m, n, BlockingIOException::new);
        }
        add(m, "EPIPE", BrokenPipeException::new);
        add(m, "ESHUTDOWN", BrokenPipeException::new);
        add(m, "ECHILD", ChildProcessException::new);
        add(m, "ECONNABORTED", ConnectionAbortedException::new);
        add(m, "ECONNREFUSED", ConnectionRefusedException::new);
        add(m, "ECONNRESET", ConnectionResetException::new);
        add(m, "EEXIST", FileExistsException::new);
        add(m, "EACCES", PermissionException::new);
        add(m, "EPERM", PermissionException::new);
        add(m, "ESRCH", ProcessLookupException::new);
        return Map.copyOf(m);
    }

    private static void add(Map<Integer, BiFunction<Integer, String, ErrnoException>> m, String name,
            BiFunction<Integer, String, ErrnoException> subclass) {
        int n = Errno.number(name);
        if (n > 0) {
            m.put(n, subclass);
        }
    }

    /** The C errno value, like {@code OSError.errno}. */
    public int errno() {
        return errno;
    }

    /** The symbolic name, like {@code errno.errorcode[e.errno]}: "EBADF", "EAGAIN", ... */
    public String errnoName() {
        return errnoName;
    }

    /** The C library's text for the errno, like {@code OSError.strerror}: "Bad file descriptor". */
    public String strerror() {
        return strerror;
    }

    /**
     * What Python's {@code str(e)} prints for this error: {@code "[Errno 111] Connection refused"},
     * the message without the call that failed.
     */
    public String pythonMessage() {
        return "[Errno " + errno + "] " + strerror;
    }
}
