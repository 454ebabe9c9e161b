package dev.jselect;

import static dev.jselect.Select.EPOLLET;
import static dev.jselect.Select.EPOLLEXCLUSIVE;
import static dev.jselect.Select.EPOLLHUP;
import static dev.jselect.Select.EPOLLIN;
import static dev.jselect.Select.EPOLLONESHOT;
import static dev.jselect.Select.EPOLLOUT;
import static dev.jselect.Select.EPOLLRDHUP;
import static dev.jselect.Select.EPOLLWAKEUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.internal.sys.SocketCalls;
import dev.jselect.internal.wait.EpollKernel;
import dev.jselect.net.NativeSocket;
import dev.jselect.os.Os;
import dev.jselect.testing.FdLimit;
import dev.jselect.testing.ProcessState;
import dev.jselect.testing.ResourceGrowth;
import dev.jselect.testing.TestFds;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Epoll against pipes, socketpairs, TCP on 127.0.0.1 and /dev/null; ports CPython's test_epoll. */
@EnabledOnOs(value = OS.LINUX, disabledReason = "epoll is Linux-only")
class EpollTest {
    private static final Comparator<EpollEvent> BY_FD = Comparator.comparingInt(EpollEvent::fd);

    private final TestFds fds = new TestFds();

    @AfterEach
    void closeFds() throws Exception {
        fds.close();
    }

    private static List<EpollEvent> sorted(List<EpollEvent> events) {
        List<EpollEvent> copy = new ArrayList<>(events);
        copy.sort(BY_FD);
        return copy;
    }


    /** An fd number that is not open here, for EBADF cases. */
    private static int unusedFd() {
        int fd = 10_000;
        while (ProcessState.isOpen(fd)) {
            fd++;
        }
        return fd;
    }

    @Test
    void create() throws Exception {
        // test_create
        Epoll ep = Select.epoll(16);
        assertTrue(ep.fileno() > 0);
        assertFalse(ep.isClosed());
        ep.close();
        assertTrue(ep.isClosed());
        assertThrows(IllegalStateException.class, ep::fileno);
        Select.epoll(-1, Select.EPOLL_CLOEXEC).close();
        Epoll.open(-1, 0).close();
        Select.epoll().close();
    }

    @Test
    void pollWithDurationReturnsTheList() throws Exception {
        try (var pipe = Os.pipe(); Epoll ep = Select.epoll()) {
            ep.register(pipe.readFd(), EPOLLIN);
            ep.register(pipe.writeFd(), EPOLLOUT);
            long start = System.nanoTime();
            assertEquals(List.of(new EpollEvent(pipe.writeFd(), EPOLLOUT)), ep.poll(java.time.Duration.ofMillis(50)));
            Os.write(pipe.writeFd(), "x".getBytes(StandardCharsets.US_ASCII));
            Set<EpollEvent> both = Set.of(new EpollEvent(pipe.readFd(), EPOLLIN), new EpollEvent(pipe.writeFd(), EPOLLOUT));
            assertEquals(both, new HashSet<>(ep.poll(java.time.Duration.ZERO)));
            assertEquals(both, new HashSet<>(ep.poll((java.time.Duration) null)), "null blocks until ready");
            List<EpollEvent> one = ep.poll(java.time.Duration.ofNanos(1), 1);
            assertEquals(1, one.size());
            assertTrue(both.contains(one.get(0)));
            assertTrue(System.nanoTime() - start < 5_000_000_000L);
        }
    }

    @Test
    void pollWithDurationWaitsTheTimeoutRoundedUp() throws Exception {
        try (var pipe = Os.pipe(); Epoll ep = Select.epoll()) {
            ep.register(pipe.readFd(), EPOLLIN);
            long start = System.nanoTime();
            assertEquals(List.of(), ep.poll(java.time.Duration.ofMillis(30)));
            assertTrue(System.nanoTime() - start >= 29_000_000L, "waited the timeout");
            assertEquals(List.of(), ep.poll(java.time.Duration.ofNanos(1), 4));
        }
    }

    @Test
    void pollWithDurationRefusesWhatPollRefuses() throws Exception {
        Epoll ep = Select.epoll();
        assertThrows(IllegalArgumentException.class, () -> ep.poll(java.time.Duration.ZERO, 0));
        assertThrows(IllegalArgumentException.class, () -> ep.poll(java.time.Duration.ZERO, -2));
        assertThrows(IllegalArgumentException.class, () -> ep.poll(java.time.Duration.ofDays(365)));
        ep.close();
        assertThrows(IllegalStateException.class, () -> ep.poll(java.time.Duration.ZERO));
        assertThrows(IllegalStateException.class, () -> ep.poll((java.time.Duration) null, 1));
    }

    @Test
    void badCreate() {
        // test_badcreate
        assertThrows(IllegalArgumentException.class, () -> Select.epoll(0));
        assertThrows(IllegalArgumentException.class, () -> Select.epoll(-2));
        var e = assertThrows(ErrnoException.class, () -> Epoll.open(-1, 12356));
        assertEquals(Errno.EINVAL, e.errno());
        assertThrows(IllegalArgumentException.class, () -> Epoll.fromFd(-1));
    }

    @Test
    void tryWithResourcesCloses() throws Exception {
        // test_context_manager
        Epoll outside;
        try (Epoll ep = Select.epoll(16)) {
            assertTrue(ep.fileno() > 0);
            assertFalse(ep.isClosed());
            outside = ep;
        }
        assertTrue(outside.isClosed());
        assertThrows(IllegalStateException.class, outside::fileno);
    }

    @Test
    void add() throws Exception {
        // test_add
        int[] pair = fds.tcpPair();
        int client = pair[0];
        int server = pair[1];
        try (Epoll ep = Select.epoll(2)) {
            ep.register(server, EPOLLIN | EPOLLOUT);
            ep.register(client, EPOLLIN | EPOLLOUT);
        }
        try (Epoll ep = Select.epoll(2)) {
            ep.register(() -> server, EPOLLIN | EPOLLOUT);
            ep.register(() -> client, EPOLLIN | EPOLLOUT);
        }
        try (Epoll ep = Select.epoll(2)) {
            assertThrows(IllegalArgumentException.class, () -> ep.register((HasFileno) null, EPOLLIN | EPOLLOUT));
            assertThrows(IllegalArgumentException.class, () -> ep.register(() -> -1, EPOLLIN | EPOLLOUT));
            assertThrows(IllegalArgumentException.class, () -> ep.register(-1, EPOLLIN | EPOLLOUT));
            var e = assertThrows(ErrnoException.class, () -> ep.register(unusedFd(), EPOLLIN | EPOLLOUT));
            assertEquals(Errno.EBADF, e.errno());
            ep.register(() -> server, EPOLLIN | EPOLLOUT);
            e = assertThrows(ErrnoException.class, () -> ep.register(() -> server, EPOLLIN | EPOLLOUT));
            assertEquals(Errno.EEXIST, e.errno());
        }
    }

    @Test
    void fromFdSharesTheInterestList() throws Exception {
        // test_fromfd, on a duplicate so that each object owns the fd it closes
        int[] pair = fds.tcpPair();
        try (Epoll ep = Select.epoll(2); Epoll ep2 = Epoll.fromFd(Os.dup(ep.fileno()))) {
            ep2.register(pair[1], EPOLLIN | EPOLLOUT);
            ep2.register(pair[0], EPOLLIN | EPOLLOUT);
            assertEquals(2, ep.poll(1, 4).size());
            assertEquals(2, ep2.poll(0.9, 4).size());
        }
        int unused = unusedFd();
        var e = assertThrows(ErrnoException.class, () -> Epoll.fromFd(unused),
                "the wakeup is registered at once, so a bad fd fails in fromFd");
        assertEquals(Errno.EBADF, e.errno());
    }

    @Test
    void socketsRegisterAsThemselves() throws Exception {
        // the articles' epoll servers: register the listening socket, accept on EPOLLIN
        try (NativeSocket server = NativeSocket.createServer("127.0.0.1", 0); Epoll ep = Select.epoll()) {
            ep.register(server, EPOLLIN);
            assertEquals(List.of(), ep.poll(0));
            try (NativeSocket client = NativeSocket.createConnection("127.0.0.1", server.getSockName().getPort())) {
                assertEquals(List.of(new EpollEvent(server.fileno(), EPOLLIN)), ep.poll(5));
                try (NativeSocket conn = server.accept().socket()) {
                    ep.register(conn, EPOLLIN);
                    client.sendAll("hi".getBytes(StandardCharsets.US_ASCII));
                    assertEquals(List.of(new EpollEvent(conn.fileno(), EPOLLIN)), ep.poll(5));
                    ep.unregister(conn);
                }
                ep.modify(server, EPOLLIN | EPOLLET);
                ep.unregister(server);
            }
        }
    }

    @Test
    void controlAndWait() throws Exception {
        // test_control_and_wait, with edge-triggered registrations
        int[] pair = fds.tcpPair();
        int client = pair[0];
        int server = pair[1];
        try (Epoll ep = Select.epoll(16)) {
            ep.register(server, EPOLLIN | EPOLLOUT | EPOLLET);
            ep.register(client, EPOLLIN | EPOLLOUT | EPOLLET);

            long t0 = System.nanoTime();
            List<EpollEvent> events = ep.poll(5, 4);
            assertTrue(System.nanoTime() - t0 < 4_000_000_000L, "returned without waiting for the timeout");
            assertEquals(sorted(List.of(new EpollEvent(client, EPOLLOUT), new EpollEvent(server, EPOLLOUT))), sorted(events));

            assertEquals(List.of(), ep.poll(0.1, 4), "no new edge, no event");

            TestFds.write(client, "Hello!");
            TestFds.write(server, "world!!!");
            t0 = System.nanoTime();
            events = ep.poll(5.0, 4);
            assertTrue(System.nanoTime() - t0 < 4_000_000_000L);
            assertEquals(sorted(List.of(new EpollEvent(client, EPOLLIN | EPOLLOUT), new EpollEvent(server, EPOLLIN | EPOLLOUT))),
                    sorted(events));

            ep.unregister(client);
            ep.modify(server, EPOLLOUT);
            assertEquals(List.of(new EpollEvent(server, EPOLLOUT)), ep.poll(5, 4));
        }
    }

    @Test
    void closedAndUnknownFds() throws Exception {
        // test_unregister_closed, test_errors
        int[] pair = fds.socketpair();
        try (Epoll ep = Select.epoll(16)) {
            ep.register(() -> pair[1]);
            assertEquals(List.of(new EpollEvent(pair[1], EPOLLOUT)), ep.poll(1, 4));
            var e = assertThrows(ErrnoException.class, () -> ep.modify(pair[0], EPOLLIN));
            assertEquals(Errno.ENOENT, e.errno());
            e = assertThrows(ErrnoException.class, () -> ep.unregister(pair[0]));
            assertEquals(Errno.ENOENT, e.errno());
            fds.closeNow(pair[1]);
            e = assertThrows(ErrnoException.class, () -> ep.unregister(pair[1]));
            assertEquals(Errno.EBADF, e.errno());
            e = assertThrows(ErrnoException.class, () -> ep.modify(pair[1], EPOLLIN));
            assertEquals(Errno.EBADF, e.errno());
            assertThrows(IllegalArgumentException.class, () -> ep.register(-1, EPOLLIN));
            assertThrows(IllegalArgumentException.class, () -> ep.modify(-1, EPOLLIN));
            assertThrows(IllegalArgumentException.class, () -> ep.unregister(-1));
        }
    }

    @Test
    void everyOperationAfterCloseIsIllegalState() throws Exception {
        // test_close
        int[] pipe = fds.pipe();
        Epoll ep = Select.epoll();
        int epfd = ep.fileno();
        assertFalse(ep.isClosed());
        ep.close();
        assertTrue(ep.isClosed());
        assertFalse(ProcessState.isOpen(epfd), "the epoll fd is closed");
        assertThrows(IllegalStateException.class, ep::fileno);
        ep.close(); // more than once is fine
        var e = assertThrows(IllegalStateException.class, () -> ep.modify(pipe[0], EPOLLIN));
        assertEquals("I/O operation on closed epoll object", e.getMessage());
        assertThrows(IllegalStateException.class, () -> ep.poll(1.0));
        assertThrows(IllegalStateException.class, () -> ep.poll());
        assertThrows(IllegalStateException.class, () -> ep.poll(0, 1));
        assertThrows(IllegalStateException.class, () -> ep.register(pipe[0], EPOLLIN));
        assertThrows(IllegalStateException.class, () -> ep.register(pipe[0]));
        assertThrows(IllegalStateException.class, () -> ep.unregister(pipe[0]));
        assertFalse(ep.kernel.buffer().segment().scope().isAlive(), "the event buffer is freed");
    }

    @Test
    void fdIsNotInheritable() throws Exception {
        // test_fd_non_inheritable, also when flags 0 is asked for
        try (Epoll a = Select.epoll(); Epoll b = Epoll.open(-1, 0)) {
            assertFalse(Os.getInheritable(a.fileno()));
            assertFalse(Os.getInheritable(b.fileno()));
        }
    }

    @Test
    void devNullCannotBeWatched() throws Exception {
        int dn = fds.devNull();
        try (Epoll ep = Select.epoll()) {
            var e = assertThrows(ErrnoException.class, () -> ep.register(dn));
            assertEquals("EPERM", e.errnoName());
        }
    }

    @Test
    void maxevents() throws Exception {
        int[][] pipes = {fds.pipe(), fds.pipe(), fds.pipe()};
        try (Epoll ep = Select.epoll()) {
            var e = assertThrows(IllegalArgumentException.class, () -> ep.poll(0, 0));
            assertEquals("maxevents must be greater than 0, got 0", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ep.poll(0, -2));
            for (int[] p : pipes) {
                ep.register(p[1], EPOLLOUT);
            }
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                List<EpollEvent> one = ep.poll(0, 1);
                assertEquals(1, one.size());
                seen.add(one.get(0).fd());
            }
            assertEquals(Set.of(pipes[0][1], pipes[1][1], pipes[2][1]), seen, "the kernel hands out the others on the next calls");
            assertEquals(3, ep.poll(0, -1).size());
        }
    }

    @Test
    void moreReadyFdsThanTheBufferHoldsAreAllReturned() throws Exception {
        int n = 192;
        Set<Integer> writers = new HashSet<>();
        try (Epoll ep = Select.epoll()) {
            for (int i = 0; i < n; i++) {
                int w = fds.pipe()[1];
                ep.register(w, EPOLLOUT);
                writers.add(w);
            }
            List<EpollEvent> all = ep.poll(0);
            assertEquals(n, all.size(), "maxevents -1 returns up to FD_SETSIZE - 1 at once, as Python's");
            assertTrue(ep.kernel.buffer().capacity() >= n);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                for (EpollEvent ev : ep.poll(0, n / 4)) {
                    seen.add(ev.fd());
                }
            }
            assertEquals(writers, seen);
            MemorySegment buffer = ep.kernel.buffer().segment();
            ep.poll(0, 1_000_000);
            assertSame(buffer, ep.kernel.buffer().segment(), "a maxevents beyond the registrations does not grow the buffer");
            ep.poll(0, EpollKernel.INITIAL_EVENTS + 1); // a maxevents just above the buffer, as a loop passes each time
            MemorySegment grown = ep.kernel.buffer().segment();
            assertEquals(2 * EpollKernel.INITIAL_EVENTS, ep.kernel.buffer().capacity(), "up to twice its size grows the buffer once");
            ep.poll(0, EpollKernel.INITIAL_EVENTS + 1);
            assertSame(grown, ep.kernel.buffer().segment(), "and the next such wait uses it as it is");
        }
    }

    /**
     * A wait that fills the event buffer doubles it (Netty's events.increase()), so that the
     * next wait takes everything that is ready: there is no registration count to size it by.
     */
    @Test
    void aWaitThatFillsTheBufferGrowsIt() throws Exception {
        int n = EpollKernel.INITIAL_EVENTS + 1;
        int w = fds.pipe()[1];
        Set<Integer> writers = new HashSet<>();
        try (FdLimit _ = FdLimit.atLeast(n + 256L); Epoll ep = Select.epoll()) {
            assertEquals(Select.FD_SETSIZE - 1, ep.kernel.buffer().capacity(), "Python's maxevents for -1");
            for (int i = 0; i < n; i++) {
                int d = fds.keep(Os.dup(w)); // one registration per number, all writable
                ep.register(d, EPOLLOUT);
                writers.add(d);
            }
            assertEquals(EpollKernel.INITIAL_EVENTS, ep.poll(0).size(), "as many as the buffer holds");
            assertTrue(ep.kernel.buffer().capacity() >= 2 * EpollKernel.INITIAL_EVENTS, "filled, it doubled");
            Set<Integer> seen = new HashSet<>();
            for (EpollEvent ev : ep.poll(0)) {
                seen.add(ev.fd());
            }
            assertEquals(writers, seen, "the next wait takes them all");
            MemorySegment grown = ep.kernel.buffer().segment();
            ep.poll(0);
            assertSame(grown, ep.kernel.buffer().segment(), "a wait that does not fill it leaves it");
        }
    }

    @Test
    void edgeTriggeredSequence() throws Exception {
        int[] pipe = fds.pipe();
        try (Epoll ep = Select.epoll()) {
            ep.register(pipe[0], EPOLLIN | EPOLLET);
            assertEquals(List.of(), ep.poll(0));
            TestFds.write(pipe[1], "a");
            assertEquals(List.of(new EpollEvent(pipe[0], EPOLLIN)), ep.poll(0));
            assertEquals(List.of(), ep.poll(0), "still readable, but no new edge");
            TestFds.write(pipe[1], "b");
            assertEquals(List.of(new EpollEvent(pipe[0], EPOLLIN)), ep.poll(0), "new data is a new edge");
            assertEquals("ab", TestFds.read(pipe[0], 10));
            assertEquals(List.of(), ep.poll(0));
        }
    }

    @Test
    void oneshotSequence() throws Exception {
        int[] pipe = fds.pipe();
        try (Epoll ep = Select.epoll()) {
            ep.register(pipe[0], EPOLLIN | EPOLLONESHOT);
            TestFds.write(pipe[1], "a");
            assertEquals(List.of(new EpollEvent(pipe[0], EPOLLIN)), ep.poll(0));
            TestFds.write(pipe[1], "b");
            assertEquals(List.of(), ep.poll(0), "disarmed after one event");
            var e = assertThrows(ErrnoException.class, () -> ep.register(pipe[0], EPOLLIN));
            assertEquals(Errno.EEXIST, e.errno(), "a disarmed fd is still registered");
            ep.modify(pipe[0], EPOLLIN | EPOLLONESHOT);
            assertEquals(List.of(new EpollEvent(pipe[0], EPOLLIN)), ep.poll(0), "modify re-arms");
            assertEquals(List.of(), ep.poll(0));
        }
    }

    @Test
    void hangupIsReportedWithAZeroMask() throws Exception {
        int[] pipe = fds.pipe();
        try (Epoll ep = Select.epoll()) {
            ep.register(pipe[0], 0);
            assertEquals(List.of(), ep.poll(0));
            fds.closeNow(pipe[1]);
            assertEquals(List.of(new EpollEvent(pipe[0], EPOLLHUP)), ep.poll(0));
        }
    }

    @Test
    void peerShutdownIsRdhup() throws Exception {
        for (int[] pair : new int[][] {fds.tcpPair(), fds.socketpair()}) {
            try (Epoll ep = Select.epoll()) {
                ep.register(pair[1], EPOLLIN | EPOLLRDHUP);
                assertEquals(List.of(), ep.poll(0));
                SocketCalls.shutdown(pair[0], TestFds.SHUT_WR);
                assertEquals(List.of(new EpollEvent(pair[1], EPOLLIN | EPOLLRDHUP)), ep.poll(5));
            }
        }
    }

    @Test
    void exclusiveAndWakeupPassThrough() throws Exception {
        int[] pipe = fds.pipe();
        int dup = fds.keep(Os.dup(pipe[0]));
        try (Epoll ep = Select.epoll()) {
            ep.register(pipe[0], EPOLLIN | EPOLLEXCLUSIVE);
            ep.register(dup, EPOLLIN | EPOLLWAKEUP); // without CAP_BLOCK_SUSPEND the kernel drops EPOLLWAKEUP
            TestFds.write(pipe[1], "x");
            assertEquals(sorted(List.of(new EpollEvent(pipe[0], EPOLLIN), new EpollEvent(dup, EPOLLIN))), sorted(ep.poll(0)));
            var e = assertThrows(ErrnoException.class, () -> ep.modify(pipe[0], EPOLLIN));
            assertEquals(Errno.EINVAL, e.errno(), "the kernel refuses to modify an EPOLLEXCLUSIVE registration");
        }
    }

    @Test
    void timeouts() throws Exception {
        int[] pipe = fds.pipe();
        try (Epoll ep = Select.epoll()) {
            ep.register(pipe[0], EPOLLIN);
            long t0 = System.nanoTime();
            assertEquals(List.of(), ep.poll(0.1));
            assertTrue(System.nanoTime() - t0 >= 95_000_000L, "waited the timeout");
            t0 = System.nanoTime();
            assertEquals(List.of(), ep.poll(1e-9));
            assertTrue(System.nanoTime() - t0 >= 500_000L, "1e-9 s is rounded up to a 1 ms wait, not down to a busy poll");

            assertThrows(IllegalArgumentException.class, () -> ep.poll(Double.NaN));
            assertThrows(IllegalArgumentException.class, () -> ep.poll(1e300));
            assertThrows(IllegalArgumentException.class, () -> ep.poll(Double.POSITIVE_INFINITY));
            var e = assertThrows(IllegalArgumentException.class, () -> ep.poll(2147483.648));
            assertTrue(e.getMessage().startsWith("timeout is too large"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ep.poll(-2147483.649));
        }
    }

    @Test
    @Timeout(10)
    void timeoutsJustBelowZeroRoundUpToNoWaitAsInCPython() throws Exception {
        int[] pipe = fds.pipe();
        try (Epoll ep = Select.epoll()) {
            ep.register(pipe[0], EPOLLIN);
            assertEquals(List.of(), ep.poll(-0.0005), "CPython rounds toward +infinity: 0 ms");
        }
    }

    @Test
    void negativeTimeoutsBlock() throws Exception {
        for (double timeout : new double[] {-1, -0.001, -1000, -2147483.648}) {
            int[] pipe = fds.pipe();
            try (Epoll ep = Select.epoll()) {
                ep.register(pipe[0], EPOLLIN);
                AtomicReference<List<EpollEvent>> got = new AtomicReference<>();
                Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        got.set(ep.poll(timeout));
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                t.join(100);
                assertTrue(t.isAlive(), "timeout " + timeout + " blocks");
                TestFds.write(pipe[1], "x");
                t.join();
                assertEquals(List.of(new EpollEvent(pipe[0], EPOLLIN)), got.get());
            }
        }
    }

    @Test
    void closeWakesAThreadBlockedInPollAndFreesAfterIt() throws Exception {
        int[] pipe = fds.pipe();
        Epoll ep = Select.epoll();
        int epfd = ep.fileno();
        ep.register(pipe[0], EPOLLIN);
        AtomicReference<List<EpollEvent>> got = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                got.set(ep.poll());
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        while (ep.kernel.core().callsInFlight() == 0) {
            Thread.sleep(1);
        }
        Thread.sleep(50); // into epoll_wait
        ep.close();
        assertTrue(ep.isClosed());
        assertThrows(IllegalStateException.class, ep::fileno);
        assertThrows(IllegalStateException.class, () -> ep.poll(0));
        t.join(5_000);
        assertFalse(t.isAlive(), "close woke the blocked wait");
        assertEquals(List.of(), got.get(), "which returned normally, with nothing ready");
        assertFalse(ProcessState.isOpen(epfd), "the last thread out closed the fd");
        assertFalse(ep.kernel.buffer().segment().scope().isAlive(), "and freed the buffer");
    }

    @Test
    void closeWhileAnotherThreadIsInsideAWaitLeavesFdAndBufferToIt() throws Exception {
        int[] pipe = fds.pipe();
        Epoll ep = Select.epoll();
        int epfd = ep.fileno();
        ep.register(pipe[0], EPOLLIN);
        TestFds.write(pipe[1], "x");
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Integer> seen = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                ep.poll(-1, (fd, events) -> {
                    seen.set(fd);
                    inHandler.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                });
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        inHandler.await();
        ep.close();
        assertThrows(IllegalStateException.class, () -> ep.poll(0));
        assertTrue(ProcessState.isOpen(epfd), "the fd stays open while a thread is inside a wait");
        assertTrue(ep.kernel.buffer().segment().scope().isAlive(), "the buffer stays allocated while a thread reads it");
        release.countDown();
        t.join();
        assertEquals(pipe[0], seen.get());
        assertFalse(ProcessState.isOpen(epfd), "the last thread out closed the fd");
        assertFalse(ep.kernel.buffer().segment().scope().isAlive(), "and freed the buffer");
    }

    @Test
    void concurrentPollsEachGetTheirEvents() throws Exception {
        int[] pipe = fds.pipe();
        try (Epoll ep = Select.epoll()) {
            ep.register(pipe[0], EPOLLIN);
            List<List<EpollEvent>> results = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        results.add(ep.poll(10));
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            while (ep.kernel.core().callsInFlight() < 2) {
                Thread.sleep(1);
            }
            assertEquals(List.of(), ep.poll(0), "a third concurrent poll works too");
            Thread.sleep(50);
            TestFds.write(pipe[1], "x");
            for (Thread t : threads) {
                t.join();
            }
            // level-triggered: the kernel passes a still-ready fd on to the next waiter
            assertEquals(List.of(List.of(new EpollEvent(pipe[0], EPOLLIN)), List.of(new EpollEvent(pipe[0], EPOLLIN))), results);
        }
    }

    @Test
    void closeRacingWithPollingThreadsIsSafe() throws Exception {
        int[] pipe = fds.pipe();
        Epoll ep = Select.epoll();
        int epfd = ep.fileno();
        ep.register(pipe[1], EPOLLOUT);
        List<Throwable> endings = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (;;) {
                        if (ep.poll(0).size() != 1) {
                            throw new AssertionError("the writable pipe was not reported");
                        }
                    }
                } catch (Throwable e) {
                    endings.add(e);
                }
            }));
        }
        Thread.sleep(100);
        ep.close();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(4, endings.size());
        for (Throwable e : endings) {
            assertEquals(IllegalStateException.class, e.getClass(), () -> "ended by " + e);
        }
        assertFalse(ProcessState.isOpen(epfd));
        assertFalse(ep.kernel.buffer().segment().scope().isAlive());
    }

    @Test
    void aMillionWaitsLeakNoFdsAndNoNativeMemory() throws Exception {
        int[] pipe = fds.pipe();
        try (Epoll ep = Select.epoll()) {
            ep.register(pipe[1], EPOLLOUT);
            ep.poll(0);
            MemorySegment buffer = ep.kernel.buffer().segment();
            ResourceGrowth.assertNoGrowth(1_000_000, i -> {
                if (ep.poll(0).size() != 1) {
                    throw new AssertionError("wait " + i + " did not report the writable pipe");
                }
            });
            assertSame(buffer, ep.kernel.buffer().segment(), "one event buffer for every wait");
        }
    }

    @Test
    void openAndCloseLeakNothing() throws Exception {
        ResourceGrowth.assertNoGrowth(20_000, i -> Select.epoll().close());
    }
}
