package dev.jselect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.internal.wait.Poller;
import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.os.Subprocess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The waits the pollers must serve exactly: an epoll instance nested deeper than the pollers'
 * own epoll sets leave room for, waits for nothing but urgent data or hangups while ordinary data
 * is pending, and a raw fd closed under a parked {@code Os.read}. Run, as {@link VirtualThreadTest},
 * on one carrier, with the epoll poller and with the poll(2) one.
 */
class VirtualThreadWaitsTest {
    private static final long JOIN_SECONDS = 30;

    @BeforeEach // not @BeforeAll: an assumption there reports "0 tests", not each one skipped
    void oneCarrier() {
        Assumptions.assumeTrue("1".equals(System.getProperty("jdk.virtualThreadScheduler.parallelism")),
                "runs in the virtual-threads surefire executions, with one carrier");
    }

    @AfterEach
    void nothingLeftInThePoller() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Poller.registrations() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, Poller.registrations(), "every wait deregistered its fd");
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private static Thread virtual(Body body, AtomicReference<Throwable> failure) {
        return Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
    }

    private static void join(Thread t, AtomicReference<Throwable> failure) throws Throwable {
        assertTrue(t.join(Duration.ofSeconds(JOIN_SECONDS)), t + " did not finish");
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /**
     * An Epoll that watches an epoll that watches an epoll (and one more level): with the
     * pollers' own two levels above it, the kernel's nesting limit is reached. Its wait must
     * neither fail nor keep the carrier from a recv whose data comes meanwhile, and must see its
     * own event.
     */
    @ParameterizedTest
    @ValueSource(ints = {3, 4})
    void anEpollNestedDeepNeitherStallsOthersNorFails(int depth) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Epoll> chain = new ArrayList<>();
        try (Pipe pipe = Os.pipe(); SocketPair pair = NativeSocket.socketpair()) {
            for (int i = 0; i < depth; i++) {
                Epoll ep = Epoll.open();
                if (i == 0) {
                    ep.register(pipe.readFd(), Select.EPOLLIN);
                } else {
                    ep.register(chain.get(i - 1), Select.EPOLLIN);
                }
                chain.add(ep);
            }
            Epoll top = chain.get(depth - 1);
            int below = chain.get(depth - 2).fileno();
            AtomicLong polledMillis = new AtomicLong(-1);
            long t0 = System.nanoTime();
            Thread poller = virtual(() -> {
                List<EpollEvent> events = top.poll(3.0);
                polledMillis.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                assertEquals(List.of(new EpollEvent(below, Select.EPOLLIN)), events);
            }, failure);
            AtomicLong recvMillis = new AtomicLong(-1);
            Thread reader = virtual(() -> {
                assertArrayEquals(new byte[] {5}, pair.second().recv(10));
                recvMillis.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            }, failure);
            Thread.sleep(500);
            pair.first().send(new byte[] {5});
            join(reader, failure);
            assertTrue(recvMillis.get() < 1_500, "the recv whose data came at 500 ms woke at " + recvMillis.get() + " ms");
            Os.write(pipe.writeFd(), new byte[] {1});
            join(poller, failure);
            assertTrue(polledMillis.get() < 2_500, "the nested wait saw its event at " + polledMillis.get() + " ms");
        } finally {
            for (Epoll ep : chain) {
                ep.close();
            }
        }
    }

    /**
     * select with only an exceptional set, a poll asking POLLPRI only and one asking nothing, on
     * a socket with ordinary data pending: nothing they asked for is ready, so each waits its
     * whole timeout, and the carrier (and the pollers) must stay idle meanwhile.
     */
    @Test
    void waitsForUrgentDataOrHangupsOnlyDoNotSpinOnOrdinaryData() throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (SocketPair pair = NativeSocket.socketpair(); Pipe pipe = Os.pipe()) {
            pair.first().send(new byte[] {1});
            Os.write(pipe.writeFd(), new byte[] {1});
            NativeSocket s = pair.second();
            Poll pri = Select.poll();
            pri.register(s, Select.POLLPRI);
            Poll none = Select.poll();
            none.register(pipe.readFd(), 0);
            long busy = schedulerCpuNanos();
            long t0 = System.nanoTime();
            join(virtual(() -> {
                SelectResult<NativeSocket> r = Select.select(List.of(), List.of(), List.of(s), 0.5);
                assertEquals(List.of(), r.exceptional());
                assertEquals(List.of(), pri.poll(500));
                assertEquals(List.of(), none.poll(500));
            }, failure), failure);
            long wall = System.nanoTime() - t0;
            long cpu = schedulerCpuNanos() - busy;
            assertTrue(wall >= TimeUnit.MILLISECONDS.toNanos(1_500), "each wait took its whole timeout");
            assertTrue(cpu < wall / 20, "the waits used " + cpu / 1_000_000 + " ms of CPU in " + wall / 1_000_000 + " ms");
            pri.close();
            none.close();
        }
    }

    /**
     * The CPU time (user and system) of the threads that run virtual threads (the carrier,
     * "ForkJoinPool-...") and of jselect's own threads ("jselect-..."), from /proc/self/task: the
     * time the waits themselves cost, without the JIT's or the collector's.
     */
    private static long schedulerCpuNanos() throws IOException {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    if (comm.startsWith("ForkJoinPool") || comm.startsWith("jselect-")) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    }
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    @Test
    void osCloseWakesAVirtualThreadParkedInOsReadWithEbadf() throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Pipe pipe = Os.pipe()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread reader = virtual(() -> thrown.set(assertThrows(ErrnoException.class, () -> Os.read(pipe.readFd(), 10))), failure);
            awaitRegistrations(1);
            Os.close(pipe.readFd());
            join(reader, failure);
            assertEquals(Errno.EBADF, ((ErrnoException) thrown.get()).errno());
        }
    }

    @Test
    void closingTheWriterWakesAParkedReaderWithEndOfFile() throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Pipe pipe = Os.pipe()) {
            Thread reader = virtual(() -> assertArrayEquals(new byte[0], Os.read(pipe.readFd(), 10)), failure);
            awaitRegistrations(1);
            Os.close(pipe.writeFd());
            join(reader, failure);
        }
    }

    @Test
    void closingAChildsPipeEndWakesAVirtualThreadParkedInItsRead() throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Subprocess p = Subprocess.popen(List.of("cat"), Subprocess.PIPE, Subprocess.PIPE, Subprocess.INHERIT)) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread reader = virtual(() -> thrown.set(assertThrows(ErrnoException.class, () -> p.stdout().read(10))), failure);
            awaitRegistrations(1);
            p.stdout().close();
            join(reader, failure);
            assertEquals(Errno.EBADF, ((ErrnoException) thrown.get()).errno());
            p.stdin().close();
        }
    }

    /**
     * A reader parked on a pipe whose read end is closed, the number then given to a new pipe
     * with data in it: the reader fails with EBADF and never takes the new pipe's data.
     */
    @Test
    void aParkedReaderNeverReadsTheFileThatReusedItsClosedNumber() throws Throwable {
        for (int round = 0; round < 30; round++) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Pipe old = Os.pipe();
            int r = old.readFd();
            AtomicReference<Object> got = new AtomicReference<>();
            Thread reader = virtual(() -> {
                try {
                    got.set(Os.read(r, 10));
                } catch (ErrnoException e) {
                    got.set(e);
                }
            }, failure);
            awaitRegistrations(1);
            Os.close(r);
            try (Pipe reused = Os.pipe()) {
                Os.write(reused.writeFd(), new byte[] {7});
                join(reader, failure);
                assertTrue(got.get() instanceof ErrnoException e && e.errno() == Errno.EBADF,
                        "round " + round + ": the reader of the closed fd " + r + " got " + got.get()
                        + (reused.readFd() == r ? " (the number was reused)" : ""));
                assertArrayEquals(new byte[] {7}, Os.read(reused.readFd(), 10), "the new pipe keeps its data");
            } finally {
                old.close();
            }
        }
    }

    private static void awaitRegistrations(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOIN_SECONDS);
        while (Poller.registrations() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, Poller.registrations());
    }
}
