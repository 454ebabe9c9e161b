package dev.jselect.bench;

import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.WaitCalls;
import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * One {@code poll(fds, 1000, 0)} over {@code fds} pipes of which one is ready, then the scan of
 * {@code revents} that any caller must do to find it. The floor under jselect's {@code Poll}.
 */
public class PollWaitBenchmark extends WaitBenchmark {
    private static final GroupLayout POLLFD = Platform.abi().layout("pollfd");
    private static final long SIZE = POLLFD.byteSize();
    private static final long FD = POLLFD.byteOffset(MemoryLayout.PathElement.groupElement("fd"));
    private static final long EVENTS = POLLFD.byteOffset(MemoryLayout.PathElement.groupElement("events"));
    private static final long REVENTS = POLLFD.byteOffset(MemoryLayout.PathElement.groupElement("revents"));

    @Param("1000")
    public int fds;

    private MemorySegment pollfds;

    @Override
    protected int fds() {
        return fds;
    }

    @Override
    protected int register() throws IOException {
        pollfds = arena.allocate(POLLFD, fds);
        for (int i = 0; i < fds; i++) {
            pollfds.set(ValueLayout.JAVA_INT, i * SIZE + FD, pipes.readFds[i]);
            pollfds.set(ValueLayout.JAVA_SHORT, i * SIZE + EVENTS, (short) Platform.constant("POLLIN"));
        }
        return jselectSyscalls();
    }

    /** jselect's syscall layer, then the revents scan. */
    @Benchmark
    public int jselectSyscalls() throws IOException {
        int n = WaitCalls.poll(pollfds, fds, 0);
        int ready = -1 - n;
        for (int i = 0; n > 0 && i < fds; i++) {
            if (pollfds.get(ValueLayout.JAVA_SHORT, i * SIZE + REVENTS) != 0) {
                ready = pollfds.get(ValueLayout.JAVA_INT, i * SIZE + FD);
                n--;
            }
        }
        return ready;
    }

}
