package dev.jselect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.internal.wait.Poller;
import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.os.Subprocess;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.Selectors;
import dev.jselect.testing.FdLimit;
import dev.jselect.testing.ProcessState;
import dev.jselect.testing.SelectorKinds;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Blocking calls on virtual threads park instead of holding the carrier. Run by its own surefire
 * execution with one carrier ({@code -Djdk.virtualThreadScheduler.parallelism=1} and
 * {@code maxPoolSize=1}, so the JDK cannot add a carrier either): a call that blocked its carrier
 * would stop every other virtual thread, and the test would time out instead of finishing.
 */
class VirtualThreadTest {
    private static final long JOIN_SECONDS = 30;

    @BeforeEach // not @BeforeAll: an assumption there reports "0 tests", not each one skipped
    void oneCarrier() {
        Assumptions.assumeTrue("1".equals(System.getProperty("jdk.virtualThreadScheduler.parallelism")),
                "runs in the virtual-threads surefire executions, with one carrier");
    }

    @AfterEach
    void nothingLeftInThePoller() {
        assertEquals(0, Poller.registrations(), "every wait deregistered its fd");
    }

    /** Runs {@code body} on a virtual thread; the thread, to join with {@link #join}. */
    private static Thread virtual(Body body, AtomicReference<Throwable> failure) {
        return Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private static void join(Thread t, AtomicReference<Throwable> failure) throws Throwable {
        assertTrue(t.join(Duration.ofSeconds(JOIN_SECONDS)), t + " did not finish: a carrier is blocked");
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @Test
    void thousandsOfVirtualThreadsInRecvAllCompleteWhenFed() throws Throwable {
        try (FdLimit limit = FdLimit.raiseTo(20_000)) {
            // two fds per pair; the rest of the process keeps what it has open, plus a margin
            int n = (int) Math.min(10_000, (limit.limit() - ProcessState.openFds() - 100) / 2);
            assertTrue(n >= 5_000, "only " + n + " socketpairs fit the fd limit");
            List<SocketPair> pairs = new ArrayList<>(n);
            List<Thread> threads = new ArrayList<>(n);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger received = new AtomicInteger();
            try {
                for (int i = 0; i < n; i++) {
                    SocketPair p = NativeSocket.socketpair();
                    pairs.add(p);
                    int id = i;
                    threads.add(virtual(() -> {
                        byte[] got = p.second().recv(16);
                        assertEquals(String.valueOf(id), new String(got));
                        received.incrementAndGet();
                    }, failure));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOIN_SECONDS);
                while (Poller.registrations() < n && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(n, Poller.registrations(), "every virtual thread parked in recv");
                assertEquals(0, received.get());
                for (int i = 0; i < n; i++) {
                    pairs.get(i).first().sendAll(String.valueOf(i).getBytes());
                }
                for (Thread t : threads) {
                    join(t, failure);
                }
                assertEquals(n, received.get());
            } finally {
                for (SocketPair p : pairs) {
                    p.close();
                }
            }
        }
    }

    @Test
    void epollPollDoesNotHoldTheCarrier() throws Throwable {
        try (Epoll ep = Epoll.open(); Pipe pipe = Os.pipe()) {
            ep.register(pipe.readFd(), Select.EPOLLIN);
            waiterAndWaker(() -> assertEquals(1, ep.poll(-1).size()), pipe);
        }
    }

    @Test
    void pollPollDoesNotHoldTheCarrier() throws Throwable {
        Poll poll = Select.poll();
        try (poll; Pipe pipe = Os.pipe()) {
            poll.register(pipe.readFd(), Select.POLLIN);
            waiterAndWaker(() -> assertEquals(pipe.readFd(), poll.poll(-1).get(0).fd()), pipe);
        }
    }

    @Test
    void selectDoesNotHoldTheCarrier() throws Throwable {
        try (Pipe pipe = Os.pipe()) {
            waiterAndWaker(() -> assertEquals(List.of(pipe.readFd()),
                    Select.select(List.of(pipe.readFd()), List.<Integer>of(), List.<Integer>of(), (Duration) null).readable()), pipe);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"select", "poll", "epoll"})
    void selectorSelectDoesNotHoldTheCarrier(String kind) throws Throwable {
        try (BaseSelector sel = SelectorKinds.open(kind); Pipe pipe = Os.pipe()) {
            sel.register(pipe.readFd(), Selectors.EVENT_READ);
            waiterAndWaker(() -> assertEquals(1, sel.select().size()), pipe);
        }
    }

    @Test
    void subprocessWaitForDoesNotHoldTheCarrier() throws Throwable {
        Assumptions.assumeTrue(Subprocess.hasExitFd(), "without a pidfd waitFor sleeps between polls, which parks anyway");
        try (Subprocess p = Subprocess.popen(List.of("cat"), Subprocess.PIPE, Subprocess.DEVNULL, Subprocess.INHERIT)) {
            // cat exits at end of its stdin, which only the second virtual thread closes
            waiterAndWaker(() -> assertEquals(0, p.waitFor()), () -> p.stdin().close());
        }
    }

    /** One virtual thread waits; a second one, which can only run if the carrier is free, wakes it. */
    private static void waiterAndWaker(Body wait, Pipe pipe) throws Throwable {
        waiterAndWaker(wait, () -> Os.write(pipe.writeFd(), new byte[] {1}));
    }

    /** {@link #waiterAndWaker(Body, Pipe)} with {@code wake} as the second thread's action. */
    private static void waiterAndWaker(Body wait, Body wake) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread waiter = virtual(() -> {
            waiting.countDown();
            wait.run();
        }, failure);
        Thread waker = virtual(() -> {
            waiting.await();
            Thread.sleep(100); // let the waiter get into its wait: the waker runs only if the carrier is free
            wake.run();
        }, failure);
        join(waker, failure);
        join(waiter, failure);
    }

    @Test
    void waitTimeoutsKeepTheirMeaningOnVirtualThreads() throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Epoll ep = Epoll.open(); Pipe pipe = Os.pipe()) {
            ep.register(pipe.readFd(), Select.EPOLLIN);
            Poll poll = Select.poll();
            poll.register(pipe.readFd(), Select.POLLIN);
            join(virtual(() -> {
                long t0 = System.nanoTime();
                assertEquals(0, ep.poll(0.2).size());
                assertEquals(0, poll.poll(200).size());
                assertEquals(0, Select.select(List.of(pipe.readFd()), List.of(), List.of(), 0.2).readable().size());
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(ms >= 600, "three 200 ms waits took " + ms + " ms");
            }, failure), failure);
            poll.close();
        }
    }

    @Test
    void acceptConnectAndSixtyFourMebibytesOnVirtualThreads() throws Throwable {
        byte[] data = new byte[64 << 20];
        new java.util.Random(13).nextBytes(data);
        CRC32 sent = new CRC32();
        sent.update(data);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Long> crc = new AtomicReference<>();
        try (NativeSocket listener = NativeSocket.createServer("127.0.0.1", 0)) {
            int port = listener.getSockName().getPort();
            Thread server = virtual(() -> {
                try (NativeSocket conn = listener.accept().socket()) {
                    CRC32 c = new CRC32();
                    ByteBuffer buf = ByteBuffer.allocateDirect(256 << 10);
                    long total = 0;
                    int got;
                    while ((got = conn.recvInto(buf.clear())) > 0) {
                        c.update(buf.flip());
                        total += got;
                    }
                    assertEquals(data.length, total);
                    crc.set(c.getValue());
                }
            }, failure);
            Thread client = virtual(() -> {
                try (NativeSocket s = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM)) {
                    s.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_SNDBUF, 64 << 10); // many would-blocks
                    s.connect("127.0.0.1", port);
                    s.sendAll(data);
                    s.shutdown(NativeSocket.SHUT_WR);
                }
            }, failure);
            join(client, failure);
            join(server, failure);
            assertEquals(sent.getValue(), crc.get());
        }
    }

    @Test
    void osReadAndWriteOnBlockingPipesPark() throws Throwable {
        byte[] data = new byte[3 << 20];
        new java.util.Random(7).nextBytes(data);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Pipe pipe = Os.pipe()) {
            assertTrue(Os.getBlocking(pipe.readFd()) && Os.getBlocking(pipe.writeFd()));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            Thread reader = virtual(() -> {
                byte[] got;
                while (out.size() < data.length && (got = Os.read(pipe.readFd(), 100_000)).length > 0) {
                    out.write(got);
                }
            }, failure);
            Thread writer = virtual(() -> {
                int off = 0;
                while (off < data.length) {
                    off += Os.write(pipe.writeFd(), java.util.Arrays.copyOfRange(data, off, data.length));
                }
            }, failure);
            join(writer, failure);
            join(reader, failure);
            assertArrayEquals(data, out.toByteArray());
            assertTrue(Os.getBlocking(pipe.readFd()) && Os.getBlocking(pipe.writeFd()), "the fds' mode is untouched");
        }
    }

    /**
     * The data forms that datagram servers and porters use (recvfrom, recvfrom_into, recv_into a
     * slice, sendto, flags) go through the same gate: each receive below parks its virtual thread
     * (the single carrier then runs the writer), and MSG_DONTWAIT still answers EAGAIN at once.
     */
    @Test
    void datagramAndSliceFormsParkOnVirtualThreads() throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (NativeSocket in = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_DGRAM);
                NativeSocket out = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_DGRAM);
                SocketPair stream = NativeSocket.socketpair()) {
            in.bind("127.0.0.1", 0);
            out.bind("127.0.0.1", 0);
            int port = in.getSockName().getPort();
            Thread reader = virtual(() -> {
                ErrnoException e = assertThrows(ErrnoException.class, () -> in.recv(10, NativeSocket.MSG_DONTWAIT));
                assertEquals(Errno.EAGAIN, e.errno());
                assertArrayEquals(new byte[] {1, 2, 3}, in.recvFrom(100).data());
                ByteBuffer heap = ByteBuffer.allocate(10);
                assertEquals(out.getSockName(), in.recvFromInto(heap));
                assertEquals(2, heap.position());
                byte[] into = new byte[10];
                assertEquals(4, stream.second().recvInto(into, 3, 7));
                assertArrayEquals(new byte[] {0, 0, 0, 9, 8, 7, 6, 0, 0, 0}, into);
            }, failure);
            Thread writer = virtual(() -> {
                awaitRegistrations(1); // the reader is parked in recvfrom
                out.sendTo(new byte[] {1, 2, 3}, "127.0.0.1", port);
                awaitRegistrations(1); // ... in recvfrom_into
                out.sendTo(ByteBuffer.wrap(new byte[] {4, 5}), in.getSockName());
                awaitRegistrations(1); // ... in recv_into a slice
                stream.first().send(new byte[] {0, 9, 8, 7, 6, 0}, 1, 4);
            }, failure);
            join(writer, failure);
            join(reader, failure);
        }
    }

    /** The data path's Os forms (readInto, write of a slice or a buffer) park as Os.read and Os.write do. */
    @Test
    void osReadIntoAndSliceWritesPark() throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch firstRead = new CountDownLatch(1);
        try (Pipe pipe = Os.pipe()) {
            Thread reader = virtual(() -> {
                ByteBuffer heap = ByteBuffer.allocate(8);
                assertEquals(3, Os.readInto(pipe.readFd(), heap));
                firstRead.countDown();
                ByteBuffer direct = ByteBuffer.allocateDirect(8);
                assertEquals(2, Os.readInto(pipe.readFd(), direct));
                assertArrayEquals(new byte[] {1, 2, 3, 0, 0, 0, 0, 0}, heap.array());
                assertEquals(9, direct.get(1));
            }, failure);
            Thread writer = virtual(() -> {
                awaitRegistrations(1); // the reader is parked on a heap buffer
                assertEquals(3, Os.write(pipe.writeFd(), new byte[] {9, 1, 2, 3, 9}, 1, 3));
                assertTrue(firstRead.await(JOIN_SECONDS, TimeUnit.SECONDS));
                awaitRegistrations(1); // ... then on a direct one
                assertEquals(2, Os.write(pipe.writeFd(), ByteBuffer.wrap(new byte[] {8, 9})));
            }, failure);
            join(writer, failure);
            join(reader, failure);
        }
    }

    @Test
    void recvTimeoutOnAVirtualThread() throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (SocketPair p = NativeSocket.socketpair()) {
            p.second().setTimeout(Duration.ofMillis(200));
            join(virtual(() -> {
                long t0 = System.nanoTime();
                SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> p.second().recv(10));
                assertEquals("timed out", e.getMessage());
                assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(200));
                p.first().send(new byte[] {42});
                assertArrayEquals(new byte[] {42}, p.second().recv(10), "the socket still works");
            }, failure), failure);
        }
    }

    @Test
    void acceptTimeoutOnAVirtualThread() throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (NativeSocket listener = NativeSocket.createServer("127.0.0.1", 0)) {
            listener.setTimeout(0.2);
            join(virtual(() -> assertThrows(SocketTimeoutException.class, listener::accept), failure), failure);
        }
    }

    @Test
    void interruptEndsAParkedRecvAndLeavesTheSocketUsable() throws Throwable {
        try (SocketPair p = NativeSocket.socketpair()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    p.second().recv(10);
                } catch (Throwable e) {
                    thrown.set(e);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            awaitRegistrations(1);
            t.interrupt();
            assertTrue(t.join(Duration.ofSeconds(JOIN_SECONDS)));
            assertInstanceOf(InterruptedIOException.class, thrown.get());
            assertFalse(thrown.get() instanceof SocketTimeoutException);
            assertTrue(stillInterrupted.get(), "the interrupt status stays set");
            p.first().send(new byte[] {7});
            assertArrayEquals(new byte[] {7}, p.second().recv(10), "the socket stays usable");
        }
    }

    @Test
    void interruptEndsAParkedEpollPoll() throws Throwable {
        try (Epoll ep = Epoll.open(); Pipe pipe = Os.pipe()) {
            ep.register(pipe.readFd(), Select.EPOLLIN);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    ep.poll(-1);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            awaitRegistrations(1);
            t.interrupt();
            assertTrue(t.join(Duration.ofSeconds(JOIN_SECONDS)));
            assertInstanceOf(InterruptedIOException.class, thrown.get());
            Os.write(pipe.writeFd(), new byte[] {1});
            assertEquals(1, ep.poll(1.0).size(), "the epoll object stays usable");
        }
    }

    @Test
    void closeWakesAVirtualThreadParkedInRecv() throws Throwable {
        try (SocketPair p = NativeSocket.socketpair()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            int fd = p.second().fileno();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    p.second().recv(10);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            awaitRegistrations(1);
            p.second().close();
            assertTrue(t.join(Duration.ofSeconds(JOIN_SECONDS)), "close woke the parked reader");
            Throwable closed = assertThrows(Exception.class, () -> p.second().recv(10));
            assertEquals(closed.getClass(), thrown.get().getClass(), "the closed-socket behaviour: " + thrown.get());
            assertFalse(ProcessState.isOpen(fd), "the fd was closed when the reader left");
        }
    }

    @Test
    void closeOfAnEpollWakesAVirtualThreadParkedInIt() throws Throwable {
        Epoll ep = Epoll.open();
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                result.set(ep.poll(-1));
            } catch (Throwable e) {
                result.set(e);
            }
        });
        awaitRegistrations(1);
        ep.close();
        assertTrue(t.join(Duration.ofSeconds(JOIN_SECONDS)), "close woke the parked waiter");
        assertEquals(List.of(), result.get(), "Epoll's documented close: the wait returns, with nothing");
    }

    @Test
    void aFiredWaitLeavesItsEntryDisarmedAndAnUnfiredOneDeletesIt() throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (SocketPair p = NativeSocket.socketpair()) {
            int fd = p.second().fileno();
            Thread feeder = virtual(() -> {
                awaitRegistrations(1);
                p.first().send(new byte[] {1});
            }, failure);
            join(virtual(() -> assertArrayEquals(new byte[] {1}, p.second().recv(10)), failure), failure);
            join(feeder, failure);
            Poller.forWrite(); // both pollers started, so that epollFds() names them
            for (int epfd : Poller.epollFds()) {
                long events = pollerEntries(epfd).getOrDefault(fd, 0L);
                assertEquals(0, events & (Select.EPOLLIN | Select.EPOLLOUT | Select.EPOLLPRI | Select.EPOLLRDHUP),
                        "the fired entry of fd " + fd + " is disarmed: " + Long.toHexString(events));
            }
            p.second().setTimeout(0.05);
            join(virtual(() -> assertThrows(SocketTimeoutException.class, () -> p.second().recv(10)), failure), failure);
            for (int epfd : Poller.epollFds()) {
                assertFalse(pollerEntries(epfd).containsKey(fd), "the wait that timed out deleted its entry");
            }
        }
    }

    /** The fds in epoll instance {@code epfd} of this process, with their event masks, from /proc/self/fdinfo. */
    private static java.util.Map<Integer, Long> pollerEntries(int epfd) throws java.io.IOException {
        java.util.Map<Integer, Long> entries = new java.util.HashMap<>();
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/fdinfo/" + epfd))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].equals("tfd:") && f[2].equals("events:")) {
                entries.put(Integer.parseInt(f[1]), Long.parseLong(f[3], 16));
            }
        }
        return entries;
    }

    private static void awaitRegistrations(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOIN_SECONDS);
        while (Poller.registrations() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, Poller.registrations());
    }
}
