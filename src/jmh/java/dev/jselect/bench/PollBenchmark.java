package dev.jselect.bench;

import dev.jselect.EventHandler;
import dev.jselect.Poll;
import dev.jselect.PollFd;
import dev.jselect.Select;
import java.io.IOException;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/** jselect's {@link Poll} on the fixture of {@link PollWaitBenchmark}. Each method returns the ready fd. */
public class PollBenchmark extends WaitBenchmark {
    @Param("1000")
    public int fds;

    private Poll poll;
    private final int[] lastReady = new int[1];
    /** Built once: a capturing lambda made per call would be an allocation of the benchmark's own. */
    private EventHandler handler;

    @Override
    protected int fds() {
        return fds;
    }

    @Override
    protected void release() {
        if (poll != null) {
            poll.close();
        }
    }

    @Override
    protected int register() throws IOException {
        poll = Select.poll();
        for (int fd : pipes.readFds) {
            poll.register(fd, Select.POLLIN);
        }
        handler = (fd, revents) -> lastReady[0] = fd;
        pipes.expectReported(zeroAlloc());
        pipes.expectReported(zeroAllocCallback());
        return pollList();
    }

    /** Python's {@code poll.poll(0)}: a new {@code List<PollFd>} per call. */
    @Benchmark
    public int pollList() throws IOException {
        List<PollFd> ready = poll.poll(0);
        return ready.size() == 1 ? ready.get(0).fd() : -1 - ready.size();
    }

    /** Zero-allocation: the count, then the fd read by index from the pollfd array. */
    @Benchmark
    public int zeroAlloc() throws IOException {
        int n = poll.pollReady(0);
        return n == 1 ? poll.readyFd(0) : -1 - n;
    }

    /** Zero-allocation: each fd with revents != 0 handed to a callback built once. */
    @Benchmark
    public int zeroAllocCallback() throws IOException {
        lastReady[0] = -1;
        poll.poll(0, handler);
        return lastReady[0];
    }
}
