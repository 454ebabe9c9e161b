package dev.jselect.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * The JDK's answer to the same question: a {@link Selector} (epoll on Linux) with {@code fds}
 * registered {@link Pipe} source channels of which one is ready, polled with a zero timeout.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class NioSelectorBenchmark {
    @Param("1000")
    public int fds;

    private Pipe[] pipes;
    private Selector selector;
    private SelectionKey readyKey;
    private final int[] lastReady = new int[1];
    private Consumer<SelectionKey> action;

    @Setup
    public void setUp() throws IOException {
        selector = Selector.open();
        pipes = new Pipe[fds];
        for (int i = 0; i < fds; i++) {
            pipes[i] = Pipe.open();
            pipes[i].source().configureBlocking(false);
            SelectionKey key = pipes[i].source().register(selector, SelectionKey.OP_READ, i);
            if (i == fds / 2) {
                readyKey = key;
                pipes[i].sink().write(ByteBuffer.wrap(new byte[] {1}));
            }
        }
        // Built once: a capturing lambda made per call would be an allocation of the benchmark's own.
        action = key -> lastReady[0] = (Integer) key.attachment();
        if (selectNowConsumer() != fds / 2 || selectNowSelectedKeys() != fds / 2) {
            throw new IllegalStateException("the selector did not report the one ready channel");
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        selector.close();
        for (Pipe p : pipes) {
            if (p != null) {
                p.source().close();
                p.sink().close();
            }
        }
    }

    /** {@code selectNow(Consumer)} (JDK 11+): no selected-key set. Returns the ready pipe's index. */
    @Benchmark
    public int selectNowConsumer() throws IOException {
        lastReady[0] = -1;
        selector.selectNow(action);
        return lastReady[0];
    }

    /** The classic loop: {@code selectNow()}, iterate and clear {@code selectedKeys()}. */
    @Benchmark
    public int selectNowSelectedKeys() throws IOException {
        int ready = -1;
        selector.selectNow();
        Set<SelectionKey> selected = selector.selectedKeys();
        for (SelectionKey key : selected) {
            if (key == readyKey) {
                ready = (Integer) key.attachment();
            }
        }
        selected.clear();
        return ready;
    }
}
