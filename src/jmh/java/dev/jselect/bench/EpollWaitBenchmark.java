package dev.jselect.bench;

import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.sys.WaitCalls;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * One {@code epoll_wait(epfd, events, 1024, 0)} over {@code fds} registered pipes of which one is
 * ready, then the ready fd read back from the event buffer: what {@code epoll_wait_loop.c} does
 * in C. Each method returns that fd, so a wrong setup shows as a wrong answer, not a fast one.
 *
 * <p>The {@code ffm*} methods call epoll_wait through downcall handles of their own, to show
 * what each linker option costs: they are the yardstick for {@link dev.jselect.internal.sys.WaitCalls#epollWait}, which
 * is the call every jselect wait makes.
 */
@SuppressWarnings("restricted") // binding epoll_wait three ways is the point of the ffm* methods
public class EpollWaitBenchmark extends WaitBenchmark {
    static final int MAX_EVENTS = 1024;
    private static final GroupLayout EVENT = Platform.abi().layout("epoll_event");
    private static final long DATA_OFFSET = EVENT.byteOffset(MemoryLayout.PathElement.groupElement("data"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemorySegment EPOLL_WAIT = Platform.abi().address("epoll_wait");
    private static final FunctionDescriptor EPOLL_WAIT_DESC = Platform.abi().descriptor("epoll_wait");
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    /** As WaitCalls binds it. */
    private static final MethodHandle CAPTURE = LINKER.downcallHandle(EPOLL_WAIT, EPOLL_WAIT_DESC, ERRNO);
    /** No thread-state transition: only for calls that never block, like a zero timeout. */
    private static final MethodHandle CAPTURE_CRITICAL =
            LINKER.downcallHandle(EPOLL_WAIT, EPOLL_WAIT_DESC, ERRNO, Linker.Option.critical(false));
    /** The floor: errno is lost. */
    private static final MethodHandle NO_CAPTURE = LINKER.downcallHandle(EPOLL_WAIT, EPOLL_WAIT_DESC);

    @Param("1000")
    public int fds;

    private int epfd = -1;
    private MemorySegment events;
    private MemorySegment callState;

    @Override
    protected int fds() {
        return fds;
    }

    @Override
    protected int register() throws IOException {
        events = arena.allocate(EVENT, MAX_EVENTS);
        callState = arena.allocate(Linker.Option.captureStateLayout());
        epfd = WaitCalls.epollCreate1(Platform.constant("EPOLL_CLOEXEC"));
        MemorySegment event = arena.allocate(EVENT);
        for (int fd : pipes.readFds) {
            event.set(ValueLayout.JAVA_INT_UNALIGNED, 0, Platform.constant("EPOLLIN"));
            event.set(ValueLayout.JAVA_INT_UNALIGNED, DATA_OFFSET, fd);
            WaitCalls.epollCtl(epfd, Platform.constant("EPOLL_CTL_ADD"), fd, event);
        }
        return jselectSyscalls();
    }

    @Override
    protected void release() throws IOException {
        if (epfd >= 0) {
            FdCalls.close(epfd);
        }
    }

    private int readyFd(int n) {
        return n == 1 ? events.get(ValueLayout.JAVA_INT_UNALIGNED, DATA_OFFSET) : -1 - n;
    }

    /** jselect's syscall layer: per-thread errno capture, EINTR restart. The core of every jselect wait. */
    @Benchmark
    public int jselectSyscalls() throws IOException {
        return readyFd(WaitCalls.epollWait(epfd, events, MAX_EVENTS, 0));
    }

    @Benchmark
    public int ffmCapture() throws Throwable {
        return readyFd((int) CAPTURE.invokeExact(callState, epfd, events, MAX_EVENTS, 0));
    }

    @Benchmark
    public int ffmCaptureCritical() throws Throwable {
        return readyFd((int) CAPTURE_CRITICAL.invokeExact(callState, epfd, events, MAX_EVENTS, 0));
    }

    @Benchmark
    public int ffmNoCapture() throws Throwable {
        return readyFd((int) NO_CAPTURE.invokeExact(epfd, events, MAX_EVENTS, 0));
    }

}
