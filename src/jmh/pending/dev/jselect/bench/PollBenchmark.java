package dev.jselect.bench;

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
    // PROPOSED API (zero-allocation path), adapt to the select module's names:
    // private final int[] lastReady = new int[1];
    // private PollHandler handler;

    @Override
    protected int fds() {
        return fds;
    }

    @Override
    protected int register() throws IOException {
        poll = Select.poll();
        for (int fd : pipes.readFds) {
            poll.register(fd, Select.POLLIN);
        }
        // handler = (fd, revents) -> lastReady[0] = fd;
        // pipes.expectReported(zeroAllocCallback());
        return pollList();
    }

    /** Python's {@code poll.poll(0)}: a new {@code List<PollFd>} per call. */
    @Benchmark
    public int pollList() throws IOException {
        List<PollFd> ready = poll.poll(0);
        return ready.size() == 1 ? ready.get(0).fd() : -1 - ready.size();
    }

    // /** Zero-allocation: each fd with revents != 0 handed to a callback built once. */
    // @Benchmark
    // public int zeroAllocCallback() throws IOException {
    //     lastReady[0] = -1;
    //     poll.poll(0, handler);
    //     return lastReady[0];
    // }
}
