package dev.jselect.bench;

import dev.jselect.Poll;
import dev.jselect.PollFd;
import dev.jselect.Select;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** jselect's {@link Poll} on the fixture of {@link PollWaitBenchmark}. Each method returns the ready fd. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PollBenchmark {
    @Param("1000")
    public int fds;

    private ReadyPipes pipes;
    private Poll poll;
    // PROPOSED API (zero-allocation path), adapt to the select module's names:
    // private final int[] lastReady = new int[1];
    // private PollHandler handler;

    @Setup
    public void setUp() throws IOException {
        pipes = ReadyPipes.open(fds);
        poll = Select.poll();
        for (int fd : pipes.readFds) {
            poll.register(fd, Select.POLLIN);
        }
        // handler = (fd, revents) -> lastReady[0] = fd;
        pipes.expectReported(pollList());
    }

    @TearDown
    public void tearDown() throws IOException {
        pipes.close();
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
