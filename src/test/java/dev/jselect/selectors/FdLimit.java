package dev.jselect.selectors;

import dev.jselect.internal.Platform;
import dev.jselect.internal.Syscalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Assumptions;

/**
 * The process's RLIMIT_NOFILE soft limit, raised for a test that needs many fds and put back
 * afterwards, as test_selectors.py's test_above_fd_setsize does with the resource module.
 */
final class FdLimit implements AutoCloseable {
    private static final int RLIMIT_NOFILE = Platform.constant("RLIMIT_NOFILE");
    private static final GroupLayout RLIMIT = Platform.abi().layout("rlimit");
    private static final long CUR = RLIMIT.byteOffset(PathElement.groupElement("rlim_cur"));
    private static final long MAX = RLIMIT.byteOffset(PathElement.groupElement("rlim_max"));

    private final long soft;
    private final long hard;
    private final boolean raised;

    private FdLimit(long soft, long hard, boolean raised) {
        this.soft = soft;
        this.hard = hard;
        this.raised = raised;
    }

    /** Makes at least {@code fds} descriptors available; skips the test when the hard limit is lower. */
    static FdLimit atLeast(long fds) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rl = arena.allocate(RLIMIT);
            Syscalls.getrlimit(RLIMIT_NOFILE, rl);
            long soft = rl.get(ValueLayout.JAVA_LONG, CUR);
            long hard = rl.get(ValueLayout.JAVA_LONG, MAX);
            if (Long.compareUnsigned(soft, fds) >= 0) {
                return new FdLimit(soft, hard, false);
            }
            Assumptions.assumeTrue(Long.compareUnsigned(hard, fds) >= 0,
                    "RLIMIT_NOFILE hard limit " + hard + " is below the " + fds + " fds this test needs");
            set(fds, hard);
            return new FdLimit(soft, hard, true);
        }
    }

    private static void set(long soft, long hard) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rl = arena.allocate(RLIMIT);
            rl.set(ValueLayout.JAVA_LONG, CUR, soft);
            rl.set(ValueLayout.JAVA_LONG, MAX, hard);
            Syscalls.setrlimit(RLIMIT_NOFILE, rl);
        }
    }

    @Override
    public void close() throws IOException {
        if (raised) {
            set(soft, hard);
        }
    }
}
