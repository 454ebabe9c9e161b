package dev.jselect.internal.sys;

import dev.jselect.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * errno numbers to what is said about them: symbolic names ("EBADF", read from the binding set's
 * header constants), the C library's message (strerror), and the exception for a failed call.
 */
public final class ErrnoNames {
    /** Where two names share a number, Python's errno.errorcode shows these. */
    private static final Set<String> PREFERRED_ALIASES = Set.of("EAGAIN", "EDEADLOCK", "ENOTSUP");

    private static final Map<Integer, String> NAMES = load();
    private static final MethodHandle STRERROR = Downcall.bindPlain("strerror");


    private ErrnoNames() {}

    private static Map<Integer, String> load() {
        Map<Integer, String> names = new HashMap<>();
        if (!Platform.isSupported()) {
            return names;
        }
        Abi abi = Platform.abi();
        for (String n : abi.constantNames()) {
            if (n.length() > 1 && n.charAt(0) == 'E' && !n.startsWith("EPOLL") && !n.startsWith("EFD_") && !n.startsWith("EAI_")) {
                int value = abi.constant(n).orElseThrow();
                names.merge(value, n, (a, b) -> PREFERRED_ALIASES.contains(b) || (!PREFERRED_ALIASES.contains(a) && b.compareTo(a) < 0) ? b : a);
            }
        }
        return Map.copyOf(names);
    }

    /** Every number the headers name, to its name (Python's errno.errorcode). */
    public static Map<Integer, String> names() {
        return NAMES;
    }

    /** "EBADF" for 9; "E" + number for an errno the headers do not name. */
    public static String name(int errno) {
        String n = NAMES.get(errno);
        return n != null ? n : "E" + errno;
    }

    /** strerror(3): the C library's message for an errno. */
    public static String strerror(int errno) {
        if (!Downcall.SUPPORTED) {
            return "errno " + errno;
        }
        return Downcall.string(() -> (MemorySegment) STRERROR.invokeExact(errno));
    }

    /**
     * True when {@code errno} is how a kernel or a sandbox refuses a call outright, rather than
     * failing it for its arguments or resources: ENOSYS (a kernel older than the call, or a seccomp
     * profile that answers as one), EPERM and EACCES (a seccomp profile's or a security module's
     * refusal). Where a call is optional (eventfd, epoll, pidfd_open, close_range), such a refusal
     * means "use the fallback", never "fail". It lives here, in a class every failed call has
     * already loaded, because the refusal may come with the fd table full, when no class file can
     * be opened.
     */
    public static boolean isRefusal(int errno) {
        return errno == Constants.ENOSYS || errno == Constants.EPERM || errno == Constants.EACCES;
    }

    /**
     * The exception for a call that failed with {@code errno}, the subclass Python would raise,
     * with the errno's name and the C library's text worked out here. {@code call} (the failing
     * call, or null) follows the message.
     */
    public static ErrnoException exception(int errno, String call) {
        return ErrnoException.of(errno, name(errno), strerror(errno), call);
    }

    /** The number for a symbolic name, or -1. */
    public static int number(String name) {
        return Platform.constant(name, -1);
    }
}
