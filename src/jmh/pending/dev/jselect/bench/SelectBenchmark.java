package dev.jselect.bench;

import dev.jselect.Select;
import dev.jselect.SelectResult;
import java.io.IOException;
import java.util.ArrayList;
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

/**
 * jselect's {@link Select#select} on the fixture of {@link SelectWaitBenchmark} (960 fds: see
 * there). Python's {@code select.select(rlist, [], [], 0)} with a list of int fds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SelectBenchmark {
    @Param("960")
    public int fds;

    private ReadyPipes pipes;
    private final List<Integer> rlist = new ArrayList<>();
    private final List<Integer> none = List.of();

    @Setup
    public void setUp() throws IOException {
        pipes = ReadyPipes.open(fds);
        for (int fd : pipes.readFds) {
            rlist.add(fd);
        }
        pipes.expectReported(selectLists());
    }

    @TearDown
    public void tearDown() throws IOException {
        pipes.close();
    }

    @Benchmark
    public int selectLists() throws IOException {
        SelectResult<Integer> r = Select.select(rlist, none, none, 0.0);
        return r.readable().size() == 1 ? r.readable().get(0) : -1 - r.readable().size();
    }
}
