package dev.jselect.internal.process;

import dev.jselect.internal.sys.Syscall;

/**
 * Whether close_range(2) works in this process: Linux 5.9 or newer, unless a sandbox refuses it.
 * Asked of the kernel once, with a range that holds no open fd, so the probe closes nothing; a
 * child inherits the answer, as it inherits the process's seccomp filter.
 */
final class CloseRangeSupport {
    private static final boolean AVAILABLE = probe();

    private CloseRangeSupport() {}

    /** True where close_range works here. */
    static boolean available() {
        return AVAILABLE;
    }

    private static boolean probe() {
        if (!Syscall.available()) {
            return false;
        }
        // no process has fd Integer.MAX_VALUE (RLIMIT_NOFILE is far below): 0 means the call exists
        return Syscall.closeRange(Integer.MAX_VALUE, Integer.MAX_VALUE, 0) == 0;
    }
}
