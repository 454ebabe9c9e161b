package dev.jselect.bench;

import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A blocking NativeSocket send of 1 KiB and the recv that takes it back, on one AF_UNIX
 * socketpair, on a platform thread: the hot path every blocking socket call takes (for virtual
 * threads and timeouts it adds only a check), from a heap array and from a direct buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SocketRoundTripBenchmark {
    private SocketPair pair;
    private final byte[] heap = new byte[1024];
    private final ByteBuffer direct = ByteBuffer.allocateDirect(1024);

    @Setup(Level.Trial)
    public void open() throws IOException {
        pair = NativeSocket.socketpair();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        pair.close();
    }

    @Benchmark
    public int heapArray() throws IOException {
        pair.first().send(heap);
        return pair.second().recvInto(heap);
    }

    @Benchmark
    public int directBuffer() throws IOException {
        pair.first().send(direct.clear());
        return pair.second().recvInto(direct.clear());
    }
}
