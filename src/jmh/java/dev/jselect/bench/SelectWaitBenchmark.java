package dev.jselect.bench;

import dev.jselect.internal.sys.WaitCalls;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * One {@code select(nfds, &readfds, NULL, NULL, &zero)} over {@code fds} pipes of which one is
 * ready: copy the registered set into the working set (select overwrites it), call, scan the
 * result bits. The floor under jselect's {@code Select.select}.
 *
 * <p>Every read fd must be below FD_SETSIZE (1024), and a JMH fork already holds some 30 low fds
 * of its own (class-path jars, the link to the JMH host), so the default is 960 pipes, not 1000.
 */
public class SelectWaitBenchmark extends WaitBenchmark {
    private static final long SET_BYTES = ReadyPipes.FD_SETSIZE / 8;

    @Param("960")
    public int fds;

    private MemorySegment registered;
    private MemorySegment readable;
    private int nfds;

    @Override
    protected int fds() {
        return fds;
    }

    @Override
    protected int register() throws IOException {
        nfds = pipes.nfds();
        if (nfds > ReadyPipes.FD_SETSIZE) {
            long room = Arrays.stream(pipes.readFds).filter(fd -> fd < ReadyPipes.FD_SETSIZE).count();
            throw new IllegalStateException("fd " + (nfds - 1) + " does not fit select's FD_SETSIZE "
                    + ReadyPipes.FD_SETSIZE + ": this JVM has room for " + room + " pipes (-p fds=N)");
        }
        registered = arena.allocate(SET_BYTES, 8);
        readable = arena.allocate(SET_BYTES, 8);
        for (int fd : pipes.readFds) {
            long word = (fd / 64) * 8L;
            registered.set(ValueLayout.JAVA_LONG, word, registered.get(ValueLayout.JAVA_LONG, word) | 1L << (fd % 64));
        }
        return jselectSyscalls();
    }

    /** jselect's syscall layer, with the set copy and bit scan any select caller does. */
    @Benchmark
    public int jselectSyscalls() throws IOException {
        MemorySegment.copy(registered, 0, readable, 0, SET_BYTES);
        int n = WaitCalls.select(nfds, readable, MemorySegment.NULL, MemorySegment.NULL, 0);
        int ready = -1 - n;
        for (long word = 0; n > 0 && word < SET_BYTES; word += 8) {
            long bits = readable.get(ValueLayout.JAVA_LONG, word);
            while (bits != 0) {
                ready = (int) (word * 8) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                n--;
            }
        }
        return ready;
    }

    // ---- jselect's Select.select (dev.jselect.Select): see src/jmh/pending/README.md ----
}
