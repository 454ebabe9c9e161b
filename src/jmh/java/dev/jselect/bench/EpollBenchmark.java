package dev.jselect.bench;

import dev.jselect.Epoll;
import dev.jselect.EpollEvent;
import dev.jselect.EventHandler;
import dev.jselect.Select;
import java.io.IOException;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * jselect's {@link Epoll} on the fixture of {@link EpollWaitBenchmark}: {@code fds} registered
 * pipes, one ready, zero timeout. Each method returns the ready fd.
 */
public class EpollBenchmark extends WaitBenchmark {
    @Param("1000")
    public int fds;

    private Epoll epoll;
    private final int[] lastReady = new int[1];
    /** Built once: a capturing lambda made per call would be an allocation of the benchmark's own. */
    private EventHandler handler;

    @Override
    protected int fds() {
        return fds;
    }

    @Override
    protected int register() throws IOException {
        epoll = Epoll.open();
        for (int fd : pipes.readFds) {
            epoll.register(fd, Select.EPOLLIN);
        }
        handler = (fd, events) -> lastReady[0] = fd;
        pipes.expectReported(zeroAlloc());
        pipes.expectReported(zeroAllocCallback());
        return pollList();
    }

    @Override
    protected void release() throws IOException {
        if (epoll != null) {
            epoll.close();
        }
    }

    /** Python's {@code epoll.poll(0)}: a new {@code List<EpollEvent>} per call. */
    @Benchmark
    public int pollList() throws IOException {
        List<EpollEvent> events = epoll.poll(0, EpollWaitBenchmark.MAX_EVENTS);
        return events.size() == 1 ? events.get(0).fd() : -1 - events.size();
    }

    /** Zero-allocation: the count, then the fd read by index from the object's native buffer. */
    @Benchmark
    public int zeroAlloc() throws IOException {
        int n = epoll.pollReady(0, EpollWaitBenchmark.MAX_EVENTS);
        return n == 1 ? epoll.readyFd(0) : -1 - n;
    }

    /** Zero-allocation: each ready event handed to a callback built once. */
    @Benchmark
    public int zeroAllocCallback() throws IOException {
        lastReady[0] = -1;
        epoll.poll(0, handler);
        return lastReady[0];
    }
}
