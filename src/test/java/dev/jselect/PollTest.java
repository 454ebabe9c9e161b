package dev.jselect;

import static dev.jselect.Select.POLLHUP;
import static dev.jselect.Select.POLLIN;
import static dev.jselect.Select.POLLNVAL;
import static dev.jselect.Select.POLLOUT;
import static dev.jselect.Select.POLLPRI;
import static dev.jselect.Select.POLLRDHUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.SocketCalls;
import dev.jselect.os.Os;
import dev.jselect.testing.ResourceGrowth;
import dev.jselect.testing.TestFds;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Poll against pipes, socketpairs, TCP on 127.0.0.1 and /dev/null; ports CPython's test_poll. */
class PollTest {
    private static final int DEFAULT = POLLIN | POLLPRI | POLLOUT;

    private final TestFds fds = new TestFds();

    @AfterEach
    void closeFds() throws Exception {
        fds.close();
    }

    private static List<Integer> readyFor(List<PollFd> ready, int flag) {
        List<Integer> match = new ArrayList<>();
        for (PollFd p : ready) {
            if ((p.revents() & flag) != 0) {
                match.add(p.fd());
            }
        }
        return match;
    }

    @Test
    void twelvePipesWrittenAndReadInRandomOrder() throws Exception {
        // test_poll1
        Poll p = Select.poll();
        String msg = " This is a test.";
        List<Integer> writers = new ArrayList<>();
        Map<Integer, Integer> r2w = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            int[] pipe = fds.pipe();
            p.register(pipe[0]);
            p.modify(pipe[0], POLLIN);
            p.register(pipe[1], POLLOUT);
            writers.add(pipe[1]);
            r2w.put(pipe[0], pipe[1]);
        }
        Random random = new Random(42);
        List<String> bufs = new ArrayList<>();
        while (!writers.isEmpty()) {
            List<Integer> readyWriters = readyFor(p.poll(), POLLOUT);
            assertFalse(readyWriters.isEmpty(), "no pipes ready for writing");
            TestFds.write(readyWriters.get(random.nextInt(readyWriters.size())), msg);

            List<Integer> readyReaders = readyFor(p.poll(), POLLIN);
            assertFalse(readyReaders.isEmpty(), "no pipes ready for reading");
            int rd = readyReaders.get(random.nextInt(readyReaders.size()));
            bufs.add(TestFds.read(rd, msg.length()));
            int wr = r2w.get(rd);
            fds.closeNow(wr);
            fds.closeNow(rd);
            p.unregister(wr);
            p.unregister(rd);
            writers.remove(Integer.valueOf(wr));
        }
        assertEquals(Collections.nCopies(12, msg), bufs);
        assertEquals(List.of(), p.poll(0));
    }

    @Test
    void closedFdIsPollnval() throws Exception {
        // test_poll_unit_tests
        Poll p = Select.poll();
        p.poll(0); // opens the Poll's wakeup fd first, so that it cannot take the closed fd's number
        int[] pipe = fds.pipe();
        fds.closeNow(pipe[0]);
        p.register(pipe[0]);
        assertEquals(List.of(new PollFd(pipe[0], POLLNVAL)), p.poll());

        assumeTrue(Platform.pollWorksForDevices(), "macOS: poll reports POLLNVAL for every device, /dev/null included");
        int dn = fds.devNull();
        p = Select.poll();
        p.register(() -> dn);
        List<PollFd> r = p.poll();
        assertEquals(dn, r.get(0).fd());
        assertEquals(POLLIN | POLLOUT, r.get(0).revents());
        fds.closeNow(dn);
        assertEquals(List.of(new PollFd(dn, POLLNVAL)), p.poll());
    }

    @Test
    void badArguments() throws Exception {
        // test_poll_unit_tests, test_poll3, test_poll_c_limits
        Poll p = Select.poll();
        assertThrows(IllegalArgumentException.class, () -> p.register((HasFileno) null));
        assertThrows(IllegalArgumentException.class, () -> p.unregister((HasFileno) null));
        assertThrows(IllegalArgumentException.class, () -> p.register(() -> -1, 0));
        assertThrows(IllegalArgumentException.class, () -> p.register(-1));
        assertThrows(NoSuchElementException.class, () -> p.unregister(3));
        assertThrows(IllegalArgumentException.class, () -> p.unregister(-1));

        p.register(1);
        assertThrows(IllegalArgumentException.class, () -> p.poll(1L << 40));
        assertThrows(IllegalArgumentException.class, () -> p.poll(Integer.MAX_VALUE + 1L));
        assertThrows(IllegalArgumentException.class, () -> p.poll(Integer.MIN_VALUE - 1L));
        assertThrows(IllegalArgumentException.class, () -> p.poll(Duration.ofDays(30)));
        assertThrows(IllegalArgumentException.class, () -> p.register(0, -1));
        assertThrows(IllegalArgumentException.class, () -> p.register(0, 0x10000));
        assertThrows(IllegalArgumentException.class, () -> p.modify(1, -1));
        assertThrows(IllegalArgumentException.class, () -> p.modify(1, 0x10000));
        assertThrows(IllegalArgumentException.class, () -> p.modify(-1, POLLIN));
        p.register(0, 0xFFFF);
        p.unregister(0);

        var e = assertThrows(ErrnoException.class, () -> p.modify(7, POLLIN));
        assertEquals(Errno.ENOENT, e.errno());
        p.unregister(1);
        assertThrows(NoSuchElementException.class, () -> p.unregister(1));
    }

    @Test
    void readsLinesWithGrowingTimeouts() throws Exception {
        // test_poll2: a writer prints "testing..." ten times, 20 ms apart, then closes
        int[] pipe = fds.pipe();
        Thread writer = fds.writeLinesThenClose(pipe[1], "testing...\n", 10, 20);
        Poll p = Select.poll();
        p.register(() -> pipe[0], POLLIN);
        StringBuilder got = new StringBuilder();
        boolean eof = false;
        long[] timeouts = new long[26];
        System.arraycopy(new long[] {0, 1000, 2000, 4000, 8000, 16000}, 0, timeouts, 0, 6);
        Arrays.fill(timeouts, 6, timeouts.length, -1);
        for (long timeout : timeouts) {
            List<PollFd> ready = p.poll(timeout);
            if (ready.isEmpty()) {
                continue;
            }
            PollFd r = ready.get(0);
            assertEquals(pipe[0], r.fd());
            assertTrue((r.revents() & (POLLIN | POLLHUP)) != 0, "unexpected " + Select.pollEventNames(r.revents()));
            String chunk = TestFds.read(pipe[0], 1000);
            if (chunk.isEmpty()) {
                assertTrue((r.revents() & POLLHUP) != 0, "end of file comes with POLLHUP");
                eof = true;
                break;
            }
            got.append(chunk);
        }
        writer.join();
        assertTrue(eof);
        assertEquals("testing...\n".repeat(10), got.toString());
    }

    @Test
    void concurrentPollIsIllegalState() throws Exception {
        // test_threaded_poll
        int[] pipe = fds.pipe();
        List<Integer> rfds = new ArrayList<>();
        Poll p = Select.poll();
        for (int i = 0; i < 10; i++) {
            int fd = fds.keep(Os.dup(pipe[0]));
            rfds.add(fd);
            p.register(fd, POLLIN);
        }
        AtomicReference<List<PollFd>> seen = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                seen.set(p.poll());
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try {
            Thread.sleep(300);
            // make the registrations stale, so a second poll would rebuild the array under the first
            for (int fd : rfds) {
                p.unregister(fd);
            }
            p.register(pipe[1], POLLOUT);
            var e = assertThrows(IllegalStateException.class, p::poll);
            assertEquals("concurrent poll() invocation", e.getMessage());
        } finally {
            TestFds.write(pipe[1], "spam");
            t.join();
        }
        assertEquals(10, seen.get().size(), "the first poll went on with the fds it started with");
        assertEquals(List.of(new PollFd(pipe[1], POLLOUT)), p.poll(0));
    }

    @Test
    void negativeTimeoutsBlock() throws Exception {
        // test_poll_blocks_with_negative_ms
        List<ThrowingPoll> calls = List.of(p -> p.poll(), p -> p.poll(-1000), p -> p.poll(-1), p -> p.poll(Long.valueOf(Integer.MIN_VALUE)),
                p -> p.poll((Duration) null), p -> p.poll(Duration.ofMillis(-1)), p -> p.poll(Duration.ofNanos(-1)));
        for (ThrowingPoll call : calls) {
            int[] pipe = fds.pipe();
            Poll p = Select.poll();
            p.register(pipe[0], POLLIN);
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    call.poll(p);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            t.join(100);
            assertTrue(t.isAlive());
            TestFds.write(pipe[1], "spam");
            t.join();
            assertFalse(t.isAlive());
        }
    }

    private interface ThrowingPoll {
        List<PollFd> poll(Poll p) throws Exception;
    }

    @Test
    void registeringAgainModifiesInPlace() throws Exception {
        int[] a = fds.pipe();
        int[] b = fds.pipe();
        Poll p = Select.poll();
        p.register(a[0]);
        p.register(b[1]);
        assertEquals(List.of(new PollFd(b[1], POLLOUT)), p.poll(0));
        p.register(a[0], POLLIN);
        TestFds.write(a[1], "x");
        assertEquals(List.of(new PollFd(a[0], POLLIN), new PollFd(b[1], POLLOUT)), p.poll(0),
                "a keeps its place ahead of b");
        p.modify(b[1], POLLIN);
        assertEquals(List.of(new PollFd(a[0], POLLIN)), p.poll(0));
    }

    @Test
    void hangupIsReportedWithAZeroMask() throws Exception {
        int[] pipe = fds.pipe();
        Poll p = Select.poll();
        p.register(pipe[0], 0);
        assertEquals(List.of(), p.poll(0));
        fds.closeNow(pipe[1]);
        assertEquals(List.of(new PollFd(pipe[0], POLLHUP)), p.poll(0));
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "POLLRDHUP is Linux's")
    void peerShutdownOverTcpIsRdhup() throws Exception {
        int[] tcp = fds.tcpPair();
        Poll p = Select.poll();
        p.register(tcp[1], POLLIN | POLLRDHUP);
        assertEquals(List.of(), p.poll(0));
        SocketCalls.shutdown(tcp[0], TestFds.SHUT_WR);
        assertEquals(List.of(new PollFd(tcp[1], POLLIN | POLLRDHUP)), p.poll(5000));
    }

    @Test
    void socketpairBothWaysAndTimeouts() throws Exception {
        int[] sp = fds.socketpair();
        Poll p = Select.poll();
        p.register(sp[0], POLLIN);
        p.register(sp[1], POLLIN);
        long t0 = System.nanoTime();
        assertEquals(List.of(), p.poll(150));
        assertTrue(System.nanoTime() - t0 >= 140_000_000L, "waited the timeout");
        t0 = System.nanoTime();
        assertEquals(List.of(), p.poll(Duration.ofNanos(1)));
        assertTrue(System.nanoTime() - t0 >= 500_000L, "1 ns is rounded up to a 1 ms wait, not to 0");
        TestFds.write(sp[1], "ping");
        assertEquals(List.of(new PollFd(sp[0], POLLIN)), p.poll(Duration.ofSeconds(5)));
    }

    @Test
    void aMillionPollsLeakNoFdsAndNoNativeMemory() throws Exception {
        int[] pipe = fds.pipe();
        Poll p = Select.poll();
        p.register(pipe[1], POLLOUT);
        p.poll(0);
        MemorySegment array = p.kernel.array().segment();
        ResourceGrowth.assertNoGrowth(1_000_000, i -> {
            if (p.poll(0).size() != 1) {
                throw new AssertionError("poll " + i + " did not report the writable pipe");
            }
        });
        assertSame(array, p.kernel.array().segment(), "the pollfd array was reused, not rebuilt");
    }

    /** Python's (fd, event) tuple: the returned events only, so {@code e.events()} does not compile. */
    @Test
    void pollFdCarriesTheReturnedEventsOnly() {
        assertEquals(List.of("fd", "revents"),
                java.util.Arrays.stream(PollFd.class.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName).toList());
    }
}
