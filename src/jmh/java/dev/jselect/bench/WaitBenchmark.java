package dev.jselect.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every wait benchmark on {@link ReadyPipes} shares: the JMH settings (inherited by the
 * subclasses) and the fixture's life. A subclass registers the pipes' read ends with the
 * mechanism it measures and proves, once, that a wait reports the one ready fd. Native memory
 * for the benchmark comes from {@link #arena}, open from set-up to tear-down.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public abstract class WaitBenchmark {
    protected ReadyPipes pipes;
    protected Arena arena;

    /** How many pipes to register: the subclass's {@code @Param}. */
    protected abstract int fds();

    /** Registers {@code pipes.readFds}, then waits once and returns the fd the wait reported. */
    protected abstract int register() throws IOException;

    /** Frees what {@link #register} made, other than native memory; the pipes are closed after it. */
    protected void release() throws IOException {}

    @Setup
    public final void setUp() throws IOException {
        pipes = ReadyPipes.open(fds());
        arena = Arena.ofShared();
        try {
            pipes.expectReported(register());
        } catch (IOException | RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    @TearDown
    public final void tearDown() throws IOException {
        try {
            release();
        } finally {
            arena.close();
            pipes.close();
        }
    }
}
