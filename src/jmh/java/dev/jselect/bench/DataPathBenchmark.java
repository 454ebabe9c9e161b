package dev.jselect.bench;

import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code send} or {@code recv} of {@code size} bytes on an AF_UNIX socketpair, from a Java
 * array (the Python-shaped calls a porter writes: {@code recv(n)} returning a new array,
 * {@code send(byte[])}) against the same call on a direct buffer, which goes to the kernel
 * without staging. Each invocation makes {@link #BATCH} calls; the other end is drained (after
 * sends) or filled (before receives) once per invocation, with one direct-buffer call, so that
 * cost is shared by the batch and is the same for both forms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DataPathBenchmark {
    static final int BATCH = 16;

    @Param({"64", "1024", "65536"})
    public int size;

    private SocketPair pair;
    private NativeSocket out;
    private NativeSocket in;
    private byte[] array;
    private ByteBuffer direct;
    private ByteBuffer batch; // direct, BATCH * size bytes: the drain or the fill

    @Setup
    public void open() throws IOException {
        pair = NativeSocket.socketpair();
        out = pair.first();
        in = pair.second();
        for (NativeSocket s : new NativeSocket[] {out, in}) {
            s.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_SNDBUF, 4 << 20);
            s.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_RCVBUF, 4 << 20);
        }
        array = new byte[size];
        direct = ByteBuffer.allocateDirect(size);
        batch = ByteBuffer.allocateDirect(BATCH * size);
    }

    @TearDown
    public void close() throws IOException {
        pair.close();
    }

    /** After a batch of sends: read everything they queued. */
    private void drain() throws IOException {
        batch.clear();
        while (batch.hasRemaining()) {
            in.recvInto(batch);
        }
    }

    /** Before a batch of receives: queue exactly what they will read. */
    private void fill() throws IOException {
        batch.clear();
        out.sendAll(batch);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int sendArray() throws IOException {
        int sent = 0;
        for (int i = 0; i < BATCH; i++) {
            sent += out.send(array);
        }
        drain();
        return sent;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int sendDirect() throws IOException {
        int sent = 0;
        for (int i = 0; i < BATCH; i++) {
            sent += out.send(direct.clear());
        }
        drain();
        return sent;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int recvNewArray() throws IOException {
        fill();
        int got = 0;
        for (int i = 0; i < BATCH; i++) {
            got += in.recv(size).length;
        }
        return got;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int recvIntoArray() throws IOException {
        fill();
        int got = 0;
        for (int i = 0; i < BATCH; i++) {
            got += in.recvInto(array);
        }
        return got;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int recvDirect() throws IOException {
        fill();
        int got = 0;
        for (int i = 0; i < BATCH; i++) {
            got += in.recvInto(direct.clear());
        }
        return got;
    }
}
