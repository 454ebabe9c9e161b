package dev.jselect.testing;

import dev.jselect.Errno;
import dev.jselect.ErrnoException;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.TestCalls;
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
public final class FdLimit implements AutoCloseable {
    private static final int RLIMIT_NOFILE = Platform.constant("RLIMIT_NOFILE");
    private static final GroupLayout RLIMIT = Platform.abi().layout("rlimit");
    private static final long CUR = RLIMIT.byteOffset(PathElement.groupElement("rlim_cur"));
    private static final long MAX = RLIMIT.byteOffset(PathElement.groupElement("rlim_max"));

    private static final long OPEN_MAX = 10240;

    private final long soft;
    private final long hard;
    private final boolean raised;
    private final long limit;

    private FdLimit(long soft, long hard, boolean raised, long limit) {
        this.soft = soft;
        this.hard = hard;
        this.raised = raised;
        this.limit = limit;
    }

    /** Makes at least {@code fds} descriptors available; skips the test when the hard limit is lower. */
    public static FdLimit atLeast(long fds) throws IOException {
        long[] now = get();
        Assumptions.assumeTrue(Long.compareUnsigned(now[1], fds) >= 0,
                "RLIMIT_NOFILE hard limit " + now[1] + " is below the " + fds + " fds this test needs");
        return raiseTo(fds);
    }

    /**
     * Raises the soft limit to {@code fds}, or to the hard limit when that is lower (see
     * {@link #limit()}); never lowers it.
     */
    public static FdLimit raiseTo(long fds) throws IOException {
        long[] now = get();
        long soft = now[0];
        long hard = now[1];
        if (Long.compareUnsigned(soft, fds) >= 0) {
            return new FdLimit(soft, hard, false, soft);
        }
        long target = Long.compareUnsigned(hard, fds) < 0 ? hard : fds;
        try {
            set(target, hard);
        } catch (ErrnoException e) {
            // macOS refuses a soft limit above OPEN_MAX (10240) whatever the hard limit says
            if (e.errno() != Errno.EINVAL || target <= OPEN_MAX) {
                throw e;
            }
            target = OPEN_MAX;
            set(target, hard);
        }
        return new FdLimit(soft, hard, true, target);
    }

    /**
     * Lowers the soft limit to {@code fds} until {@link #close()}, so that a test can fill the
     * fd table (EMFILE) with few fds; never raises it.
     */
    public static FdLimit lowerTo(long fds) throws IOException {
        long[] now = get();
        if (Long.compareUnsigned(now[0], fds) <= 0) {
            return new FdLimit(now[0], now[1], false, now[0]);
        }
        set(fds, now[1]);
        return new FdLimit(now[0], now[1], true, fds);
    }

    /** The soft limit while this object is open: the number of fds the process may have. */
    public long limit() {
        return limit;
    }

    /** {soft, hard} (RLIM_INFINITY is all bits set, so compare unsigned). */
    private static long[] get() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rl = arena.allocate(RLIMIT);
            TestCalls.getrlimit(RLIMIT_NOFILE, rl);
            return new long[] {rl.get(ValueLayout.JAVA_LONG, CUR), rl.get(ValueLayout.JAVA_LONG, MAX)};
        }
    }

    private static void set(long soft, long hard) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rl = arena.allocate(RLIMIT);
            rl.set(ValueLayout.JAVA_LONG, CUR, soft);
            rl.set(ValueLayout.JAVA_LONG, MAX, hard);
            TestCalls.setrlimit(RLIMIT_NOFILE, rl);
        }
    }

    @Override
    public void close() throws IOException {
        if (raised) {
            set(soft, hard);
        }
    }
}
