package dev.jselect.bench;

import dev.jselect.Epoll;
import dev.jselect.Select;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.sys.SocketCalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
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
 * The porter's per-request pair of {@code epoll.modify} calls (to EPOLLOUT, back to EPOLLIN) on
 * a registered socket: through {@link Epoll#modify(int, int)}, and through downcall handles of
 * epoll_ctl bound three ways, to show what jselect adds to the two system calls and what each
 * linker option costs. Each method returns the second call's result, 0.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@SuppressWarnings("restricted") // binding epoll_ctl three ways is the point of the ffm* methods
public class EpollModifyBenchmark {
    private static final GroupLayout EVENT = Platform.abi().layout("epoll_event");
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemorySegment EPOLL_CTL = Platform.abi().address("epoll_ctl");
    private static final FunctionDescriptor EPOLL_CTL_DESC = Platform.abi().descriptor("epoll_ctl");
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final MethodHandle CAPTURE = LINKER.downcallHandle(EPOLL_CTL, EPOLL_CTL_DESC, ERRNO);
    private static final MethodHandle CAPTURE_CRITICAL = LINKER.downcallHandle(EPOLL_CTL, EPOLL_CTL_DESC, ERRNO, Linker.Option.critical(false));
    private static final MethodHandle NO_CAPTURE = LINKER.downcallHandle(EPOLL_CTL, EPOLL_CTL_DESC);
    private static final int MOD = Platform.constant("EPOLL_CTL_MOD");

    private final Arena arena = Arena.ofConfined();
    private Epoll ep;
    private int[] pair;
    private int epfd;
    private MemorySegment in;
    private MemorySegment out;
    private MemorySegment state;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        pair = SocketCalls.socketpair(Platform.constant("AF_UNIX"), Platform.constant("SOCK_STREAM"), 0);
        ep = Epoll.open();
        ep.register(pair[0], Select.EPOLLIN);
        epfd = ep.fileno();
        in = event(Select.EPOLLIN);
        out = event(Select.EPOLLOUT);
        state = arena.allocate(Linker.Option.captureStateLayout());
    }

    private MemorySegment event(int mask) {
        MemorySegment e = arena.allocate(EVENT);
        e.set(ValueLayout.JAVA_INT_UNALIGNED, 0, mask);
        e.set(ValueLayout.JAVA_INT_UNALIGNED, EVENT.byteSize() - 8, pair[0]);
        return e;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        ep.close();
        FdCalls.close(pair[0]);
        FdCalls.close(pair[1]);
        arena.close();
    }

    /** Python's {@code ep.modify(fd, EPOLLOUT)} then {@code ep.modify(fd, EPOLLIN)}. */
    @Benchmark
    public int jselectModify() throws IOException {
        ep.modify(pair[0], Select.EPOLLOUT);
        ep.modify(pair[0], Select.EPOLLIN);
        return 0;
    }

    @Benchmark
    public int ffmCapture() throws Throwable {
        int r = (int) CAPTURE.invokeExact(state, epfd, MOD, pair[0], out);
        return r | (int) CAPTURE.invokeExact(state, epfd, MOD, pair[0], in);
    }

    @Benchmark
    public int ffmCaptureCritical() throws Throwable {
        int r = (int) CAPTURE_CRITICAL.invokeExact(state, epfd, MOD, pair[0], out);
        return r | (int) CAPTURE_CRITICAL.invokeExact(state, epfd, MOD, pair[0], in);
    }

    @Benchmark
    public int ffmNoCapture() throws Throwable {
        int r = (int) NO_CAPTURE.invokeExact(epfd, MOD, pair[0], out);
        return r | (int) NO_CAPTURE.invokeExact(epfd, MOD, pair[0], in);
    }
}
