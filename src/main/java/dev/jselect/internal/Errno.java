package dev.jselect.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** errno numbers to symbolic names ("EBADF"), read from the binding set's header constants. */
public final class Errno {
    /** Where two names share a number, Python's errno.errorcode shows these. */
    private static final Set<String> PREFERRED_ALIASES = Set.of("EAGAIN", "EDEADLOCK", "ENOTSUP");

    private static final Map<Integer, String> NAMES = load();

    public static final int EINTR = Platform.constant("EINTR");
    public static final int EAGAIN = Platform.constant("EAGAIN");
    public static final int EBADF = Platform.constant("EBADF");
    public static final int EINVAL = Platform.constant("EINVAL");
    public static final int ENOENT = Platform.constant("ENOENT");
    public static final int EEXIST = Platform.constant("EEXIST");
    public static final int EINPROGRESS = Platform.constant("EINPROGRESS");
    public static final int EPIPE = Platform.constant("EPIPE");

    private Errno() {}

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

    /** The number for a symbolic name, or -1. */
    public static int number(String name) {
        return Platform.constant(name, -1);
    }
}
