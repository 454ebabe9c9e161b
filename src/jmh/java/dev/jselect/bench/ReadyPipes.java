package dev.jselect.bench;

import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.FdCalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The wait benchmarks' fixture, shared with the C baseline ({@code src/bench/c/epoll_wait_loop.c}):
 * {@code count} pipes whose read ends get registered, and exactly one of them, in the middle,
 * holds a byte that is never read, so every zero-timeout wait reports that one fd ready.
 *
 * <p>Write ends are moved to fd numbers at or above FD_SETSIZE, so the read ends take the lowest
 * free numbers and as many of them as possible fit in a {@code select} fd_set.
 */
final class ReadyPipes implements AutoCloseable {
    static final int FD_SETSIZE = Platform.constant("FD_SETSIZE");
    private static final int O_CLOEXEC = Platform.constant("O_CLOEXEC");
    private static final int O_NONBLOCK = Platform.constant("O_NONBLOCK");
    private static final int F_DUPFD_CLOEXEC = Platform.constant("F_DUPFD_CLOEXEC");

    /** The read ends, in creation order. */
    final int[] readFds;
    private final int[] writeFds;
    /** The index in {@link #readFds} of the one ready fd. */
    final int readyIndex;

    private ReadyPipes(int count) {
        readFds = new int[count];
        writeFds = new int[count];
        readyIndex = count / 2;
    }

    static ReadyPipes open(int count) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one pipe, not " + count);
        }
        ReadyPipes pipes = new ReadyPipes(count);
        int made = 0;
        try {
            for (; made < count; made++) {
                int[] fds = FdCalls.pipe2(O_CLOEXEC | O_NONBLOCK);
                try {
                    pipes.writeFds[made] = FdCalls.fcntl(fds[1], F_DUPFD_CLOEXEC, FD_SETSIZE);
                } catch (IOException | RuntimeException e) {
                    FdCalls.close(fds[0]);
                    throw e;
                } finally {
                    FdCalls.close(fds[1]);
                }
                pipes.readFds[made] = fds[0];
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment one = arena.allocate(1);
                FdCalls.write(pipes.writeFds[pipes.readyIndex], one, 1);
            }
            return pipes;
        } catch (IOException | RuntimeException e) {
            pipes.close(made);
            throw e;
        }
    }

    /** The fd that every wait must report. */
    int readyFd() {
        return readFds[readyIndex];
    }

    /** Set-up check: fails unless a wait reported exactly the one ready fd, so a wrong fixture never gets timed. */
    void expectReported(int fd) {
        if (fd != readyFd()) {
            throw new IllegalStateException("the wait reported " + fd + ", not the one ready fd " + readyFd());
        }
    }

    /** The highest read fd plus one: select's {@code nfds}. */
    int nfds() {
        int max = -1;
        for (int fd : readFds) {
            max = Math.max(max, fd);
        }
        return max + 1;
    }

    @Override
    public void close() throws IOException {
        close(readFds.length);
    }

    private void close(int made) throws IOException {
        for (int i = 0; i < made; i++) {
            FdCalls.close(readFds[i]);
            FdCalls.close(writeFds[i]);
        }
    }
}
