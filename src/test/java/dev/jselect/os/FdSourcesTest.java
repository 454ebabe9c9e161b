package dev.jselect.os;

import static dev.jselect.selectors.Selectors.EVENT_READ;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.BlockingIOException;
import dev.jselect.Epoll;
import dev.jselect.Errno;
import dev.jselect.ErrnoException;
import dev.jselect.PermissionException;
import dev.jselect.Poll;
import dev.jselect.ProcessLookupException;
import dev.jselect.Select;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.SelectedKey;
import dev.jselect.testing.SelectorKinds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Python 3.9-3.13's fd sources on real kernel objects: eventfd counters, timer descriptors and
 * pidfds, each waited for by every selector and by select/poll/epoll, read on platform and
 * virtual threads, and their argument rules and errors compared with python3's.
 */
class FdSourcesTest {
    /** The six ways a port waits: the three selectors, and Python's select.select, poll and epoll. */
    private static final String[] WAITS = {"select", "poll", "epoll", "Select.select", "Select.poll", "Select.epoll"};
    private static final double WAIT_SECONDS = 5;

    @BeforeEach
    void linuxOnly() {
        assumeTrue(Select.hasEpoll(), "eventfd, timerfd and pidfd are Linux's");
    }

    // ---- eventfd ----

    @Test
    void eventfdCountsAndResets() throws Exception {
        int fd = Os.eventfd(3);
        try {
            assertFalse(Os.getInheritable(fd), "EFD_CLOEXEC by default, as Python");
            assertTrue(Os.getBlocking(fd));
            assertEquals(3, Os.eventfdRead(fd));
            Os.eventfdWrite(fd, 2);
            Os.eventfdWrite(fd, 5);
            assertEquals(7, Os.eventfdRead(fd), "writes add up; a read takes all");
            Os.setBlocking(fd, false);
            assertEquals(Errno.EAGAIN, assertThrows(BlockingIOException.class, () -> Os.eventfdRead(fd)).errno());
        } finally {
            Os.close(fd);
        }
    }

    @Test
    void eventfdSemaphoreModeTakesOneAtATime() throws Exception {
        int fd = Os.eventfd(2, Os.EFD_SEMAPHORE | Os.EFD_NONBLOCK | Os.EFD_CLOEXEC);
        try {
            assertEquals(1, Os.eventfdRead(fd));
            assertEquals(1, Os.eventfdRead(fd));
            assertThrows(BlockingIOException.class, () -> Os.eventfdRead(fd));
            Os.eventfdWrite(fd, 1);
            assertEquals(1, Os.eventfdRead(fd));
        } finally {
            Os.close(fd);
        }
    }

    @Test
    void eventfdCarriesUnsigned64BitValues() throws Exception {
        int fd = Os.eventfd(0, Os.EFD_NONBLOCK);
        try {
            assertTrue(Os.getInheritable(fd), "flags given without EFD_CLOEXEC: inheritable, as Python");
            long max = Long.parseUnsignedLong("18446744073709551614"); // 2^64-2, the counter's maximum
            Os.eventfdWrite(fd, max);
            assertEquals("18446744073709551614", Long.toUnsignedString(Os.eventfdRead(fd)));
            assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> Os.eventfdWrite(fd, -1L)).errno(),
                    "2^64-1 is the kernel's EINVAL");
            Os.eventfdWrite(fd, max);
            assertEquals(Errno.EAGAIN, assertThrows(BlockingIOException.class, () -> Os.eventfdWrite(fd, 1)).errno(),
                    "a write past the maximum would block");
        } finally {
            Os.close(fd);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"select", "poll", "epoll", "Select.select", "Select.poll", "Select.epoll"})
    void eventfdIsReadableWhenNotZero(String wait) throws Exception {
        onPlatformAndVirtualThread(() -> eventfdIsReadableWhenNotZeroOn(wait));
    }

    private static void eventfdIsReadableWhenNotZeroOn(String wait) throws Exception {
        int fd = Os.eventfd(0);
        try {
            assertFalse(readable(wait, fd, 0));
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(50); // the wait below is under way by then
                    Os.eventfdWrite(fd, 1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(readable(wait, fd, WAIT_SECONDS), "another thread's write wakes the wait");
            writer.join();
            assertEquals(1, Os.eventfdRead(fd));
            assertFalse(readable(wait, fd, 0), "a read resets the counter");
        } finally {
            Os.close(fd);
        }
    }

    // ---- timerfd ----

    @Test
    void timerfdSettingsAsPython313() throws Exception {
        int fd = Os.timerfdCreate(Os.CLOCK_REALTIME, 0);
        try {
            assertFalse(Os.getInheritable(fd), "TFD_CLOEXEC is always added, as Python 3.13");
            assertEquals(new TimerSpec(Duration.ZERO, Duration.ZERO), Os.timerfdGettime(fd), "a new timer is disarmed");
            TimerSpec previous = Os.timerfdSettime(fd, 0, Duration.ofSeconds(10), Duration.ofMillis(125));
            assertEquals(new TimerSpec(Duration.ZERO, Duration.ZERO), previous);
            previous = Os.timerfdSettime(fd, 0, Duration.ofSeconds(10), Duration.ofMillis(125));
            assertEquals(Duration.ofMillis(125), previous.interval());
            assertNear(Duration.ofSeconds(10), previous.nextExpiration());
            TimerSpec now = Os.timerfdGettime(fd);
            assertEquals(Duration.ofMillis(125), now.interval());
            assertNear(Duration.ofSeconds(10), now.nextExpiration());
            Os.timerfdSettime(fd, 0, Duration.ZERO, Duration.ZERO);
            assertEquals(new TimerSpec(Duration.ZERO, Duration.ZERO), Os.timerfdGettime(fd), "a zero initial disarms");
        } finally {
            Os.close(fd);
        }
    }

    @Test
    void timerfdNonBlockingReadIsEagainUntilItExpires() throws Exception {
        int fd = Os.timerfdCreate(Os.CLOCK_MONOTONIC, Os.TFD_NONBLOCK);
        try {
            assertFalse(Os.getInheritable(fd));
            Os.timerfdSettime(fd, 0, Duration.ofMillis(300), Duration.ZERO);
            assertEquals(Errno.EAGAIN, assertThrows(BlockingIOException.class, () -> Os.read(fd, 8)).errno());
            assertTrue(readable("Select.poll", fd, WAIT_SECONDS));
            assertEquals(1, expirations(fd));
        } finally {
            Os.close(fd);
        }
    }

    @Test
    void timerfdPeriodicCountsMissedExpirations() throws Exception {
        int fd = Os.timerfdCreate(Os.CLOCK_MONOTONIC, 0);
        try {
            Duration interval = Duration.ofMillis(50);
            long t0 = System.nanoTime();
            Os.timerfdSettime(fd, 0, interval, interval);
            for (int i = 0; i < 3; i++) {
                assertTrue(expirations(fd) >= 1, "a blocking read returns at an expiration");
            }
            long elapsed = System.nanoTime() - t0;
            assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(140), "three expirations 50 ms apart took " + elapsed + " ns");
            long s0 = System.nanoTime();
            Thread.sleep(175); // 3.5 intervals
            long slept = System.nanoTime() - s0;
            long missed = expirations(fd);
            long most = slept / interval.toNanos() + 2; // a late sleeper sees more, never more than this
            assertTrue(missed >= 3 && missed <= most, "expirations while nobody read for " + slept + " ns: " + missed);
        } finally {
            Os.close(fd);
        }
    }

    @Test
    void timerfdAbsoluteTimeOnTheClockOfClockGettime() throws Exception {
        for (int clock : new int[] {Os.CLOCK_REALTIME, Os.CLOCK_MONOTONIC, Os.CLOCK_BOOTTIME}) {
            int fd = Os.timerfdCreate(clock, 0);
            try {
                long t0 = System.nanoTime(); // before the clock read: the expiration is at least 200 ms after t0
                long now = Os.clockGettimeNs(clock);
                Os.timerfdSettime(fd, Os.TFD_TIMER_ABSTIME, Duration.ofNanos(now + 200_000_000L), Duration.ZERO);
                TimerSpec left = Os.timerfdGettime(fd);
                assertTrue(left.nextExpiration().compareTo(Duration.ofMillis(200)) <= 0 && left.nextExpiration().isPositive(),
                        "timerfd_gettime is relative even for an absolute timer: " + left);
                assertEquals(1, expirations(fd));
                long waited = System.nanoTime() - t0;
                assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(190), "clock " + clock + " expired after " + waited + " ns");
            } finally {
                Os.close(fd);
            }
        }
    }

    @Test
    void clockGettimeNsAgreesWithJava() throws Exception {
        long before = System.currentTimeMillis();
        long realtime = Os.clockGettimeNs(Os.CLOCK_REALTIME) / 1_000_000;
        long after = System.currentTimeMillis();
        assertTrue(before <= realtime && realtime <= after, before + " <= " + realtime + " <= " + after);
        long m1 = Os.clockGettimeNs(Os.CLOCK_MONOTONIC);
        long m2 = Os.clockGettimeNs(Os.CLOCK_MONOTONIC);
        assertTrue(m2 >= m1);
        assertTrue(Os.clockGettimeNs(Os.CLOCK_BOOTTIME) >= m1, "boot time includes suspended time");
    }

    @ParameterizedTest
    @ValueSource(strings = {"select", "poll", "epoll", "Select.select", "Select.poll", "Select.epoll"})
    void timerfdIsReadableWhenItExpires(String wait) throws Exception {
        onPlatformAndVirtualThread(() -> timerfdIsReadableWhenItExpiresOn(wait));
    }

    private static void timerfdIsReadableWhenItExpiresOn(String wait) throws Exception {
        int fd = Os.timerfdCreate(Os.CLOCK_MONOTONIC, Os.TFD_NONBLOCK);
        try {
            Os.timerfdSettime(fd, 0, Duration.ofMillis(200), Duration.ZERO);
            assertFalse(readable(wait, fd, 0));
            assertTrue(readable(wait, fd, WAIT_SECONDS));
            assertEquals(1, expirations(fd));
            assertFalse(readable(wait, fd, 0), "a read takes the expirations");
        } finally {
            Os.close(fd);
        }
    }

    @Test
    void timerfdBadArguments() throws Exception {
        int fd = Os.timerfdCreate(Os.CLOCK_REALTIME, 0);
        try {
            for (int flags : new int[] {0, Os.TFD_TIMER_ABSTIME, Os.TFD_TIMER_ABSTIME | Os.TFD_TIMER_CANCEL_ON_SET}) {
                // CPython 3.13's test_timerfd_negative: any negative duration is the kernel's EINVAL
                for (Duration[] pair : new Duration[][] {{Duration.ofSeconds(-1), Duration.ZERO}, {Duration.ofSeconds(1), Duration.ofSeconds(-1)},
                        {Duration.ofMillis(-100), Duration.ZERO}, {Duration.ofSeconds(1), Duration.ofMillis(-100)}}) {
                    assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                            () -> Os.timerfdSettime(fd, flags, pair[0], pair[1])).errno(), flags + " " + pair[0] + " " + pair[1]);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> Os.timerfdSettime(fd, 0, Duration.ofDays(365L * 300), Duration.ZERO),
                    "beyond a long of nanoseconds: Python's OverflowError");
            assertThrows(NullPointerException.class, () -> Os.timerfdSettime(fd, 0, null, Duration.ZERO));
            assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> Os.timerfdSettime(fd, 1 << 20, Duration.ZERO, Duration.ZERO)).errno());
        } finally {
            Os.close(fd);
        }
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> Os.timerfdCreate(12345, 0)).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> Os.timerfdCreate(Os.CLOCK_MONOTONIC, 1 << 20)).errno());
        assertThrows(IllegalArgumentException.class, () -> Os.timerfdGettime(-1), "Python's ValueError for a negative fd");
        assertThrows(IllegalArgumentException.class, () -> Os.timerfdSettime(-1, 0, Duration.ZERO, Duration.ZERO));
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> Os.timerfdGettime(fd)).errno(), "closed");
        try (Pipe p = Os.pipe()) {
            assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> Os.timerfdGettime(p.readFd())).errno(),
                    "a descriptor that is no timer");
        }
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> Os.clockGettimeNs(12345)).errno());
    }

    // ---- pidfd, kill, getpid ----

    @ParameterizedTest
    @ValueSource(strings = {"select", "poll", "epoll", "Select.select", "Select.poll", "Select.epoll"})
    void pidfdIsReadableWhenTheChildExits(String wait) throws Exception {
        assumeTrue(Subprocess.hasExitFd(), "this kernel or its sandbox refuses pidfd_open");
        onPlatformAndVirtualThread(() -> pidfdIsReadableWhenTheChildExitsOn(wait));
    }

    private static void pidfdIsReadableWhenTheChildExitsOn(String wait) throws Exception {
        try (Subprocess child = Subprocess.popen(List.of("sleep", "30"), Subprocess.DEVNULL, Subprocess.DEVNULL, Subprocess.INHERIT)) {
            int pidfd = Os.pidfdOpen(child.pid(), 0);
            try {
                assertFalse(Os.getInheritable(pidfd));
                assertFalse(readable(wait, pidfd, 0), "the child is running");
                Signals.pidfdSendSignal(pidfd, 0); // it exists
                Signals.pidfdSendSignal(pidfd, Signals.SIGTERM);
                assertTrue(readable(wait, pidfd, WAIT_SECONDS));
                assertEquals(-Signals.SIGTERM, child.waitFor(Duration.ofSeconds(5)));
                assertEquals(Errno.ESRCH, assertThrows(ProcessLookupException.class,
                        () -> Signals.pidfdSendSignal(pidfd, 0)).errno(), "reaped: the pidfd never reaches a new owner of the pid");
            } finally {
                Os.close(pidfd);
            }
        }
    }

    @Test
    void killAndGetpid() throws Exception {
        assertEquals(ProcessHandle.current().pid(), Os.getpid());
        Os.kill(Os.getpid(), 0);
        assertEquals(Errno.ESRCH, assertThrows(ProcessLookupException.class, () -> Os.kill(1 << 30, 0)).errno());
        try (Subprocess child = Subprocess.popen(List.of("sleep", "30"), Subprocess.DEVNULL, Subprocess.DEVNULL, Subprocess.INHERIT)) {
            Os.kill(child.pid(), Signals.SIGTERM);
            assertEquals(-Signals.SIGTERM, child.waitFor(Duration.ofSeconds(5)));
        }
    }

    /** The calls Python 3.11 has, each with the same arguments in python3 and here: the same answers. */
    @Test
    void argumentRulesAndErrorsMatchPython() throws Exception {
        assumeTrue(Subprocess.hasExitFd(), "this kernel or its sandbox refuses pidfd_open");
        String script = String.join("\n",
                "import os, signal, time",
                "def r(f):",
                "    try:",
                "        v = f()",
                "        return 'ok' if v is None else str(v)",
                "    except ProcessLookupError as e: return 'ProcessLookupError:%d' % e.errno",
                "    except PermissionError as e: return 'PermissionError:%d' % e.errno",
                "    except BlockingIOError as e: return 'BlockingIOError:%d' % e.errno",
                "    except OSError as e: return 'OSError:%d' % e.errno",
                "    except (ValueError, OverflowError): return 'ValueError'",
                "fd = os.eventfd(5)",
                "nb = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_SEMAPHORE)",
                "p = os.pidfd_open(os.getpid())",
                "for f in [lambda: os.get_inheritable(fd), lambda: os.eventfd_read(fd),",
                "          lambda: os.eventfd_write(fd, 2**64 - 2), lambda: os.eventfd_read(fd),",
                "          lambda: os.eventfd_write(fd, 2**64 - 1), lambda: os.get_inheritable(nb),",
                "          lambda: os.eventfd_read(nb), lambda: os.eventfd_write(nb, 2), lambda: os.eventfd_read(nb),",
                "          lambda: os.eventfd_read(nb), lambda: os.eventfd_read(nb),",
                "          lambda: os.eventfd(0, -1), lambda: os.eventfd(-1), lambda: os.eventfd_read(-1),",
                "          lambda: os.eventfd_write(-1, 1), lambda: os.eventfd_read(99999),",
                "          lambda: os.pidfd_open(-1), lambda: os.pidfd_open(os.getpid(), 5),",
                "          lambda: os.pidfd_open(os.getpid(), -1), lambda: os.pidfd_open(2**30),",
                "          lambda: os.get_inheritable(p), lambda: signal.pidfd_send_signal(p, 0),",
                "          lambda: signal.pidfd_send_signal(p, -1), lambda: signal.pidfd_send_signal(nb, 0),",
                "          lambda: signal.pidfd_send_signal(-1, 0), lambda: os.kill(os.getpid(), 0),",
                "          lambda: os.kill(2**30, 0), lambda: os.kill(os.getpid(), 1000),",
                "          lambda: time.clock_gettime_ns(12345)]:",
                "    print(r(f))");
        List<String> python = python3(script);
        assumeTrue(python != null, "no python3 with os.eventfd and os.pidfd_open here");

        int fd = Os.eventfd(5);
        int nb = Os.eventfd(0, Os.EFD_NONBLOCK | Os.EFD_SEMAPHORE);
        int p = Os.pidfdOpen(Os.getpid(), 0);
        try {
            List<Call> calls = List.of(() -> py(Os.getInheritable(fd)), () -> Os.eventfdRead(fd),
                    () -> { Os.eventfdWrite(fd, -2L); return null; }, () -> Long.toUnsignedString(Os.eventfdRead(fd)),
                    () -> { Os.eventfdWrite(fd, -1L); return null; }, () -> py(Os.getInheritable(nb)),
                    () -> Os.eventfdRead(nb), () -> { Os.eventfdWrite(nb, 2); return null; }, () -> Os.eventfdRead(nb),
                    () -> Os.eventfdRead(nb), () -> Os.eventfdRead(nb),
                    () -> closing(Os.eventfd(0, -1)), () -> closing(Os.eventfd(-1)), () -> Os.eventfdRead(-1),
                    () -> { Os.eventfdWrite(-1, 1); return null; }, () -> Os.eventfdRead(99999),
                    () -> closing(Os.pidfdOpen(-1, 0)), () -> closing(Os.pidfdOpen(Os.getpid(), 5)),
                    () -> closing(Os.pidfdOpen(Os.getpid(), -1)), () -> closing(Os.pidfdOpen(1 << 30, 0)),
                    () -> py(Os.getInheritable(p)), () -> { Signals.pidfdSendSignal(p, 0); return null; },
                    () -> { Signals.pidfdSendSignal(p, -1); return null; }, () -> { Signals.pidfdSendSignal(nb, 0); return null; },
                    () -> { Signals.pidfdSendSignal(-1, 0); return null; }, () -> { Os.kill(Os.getpid(), 0); return null; },
                    () -> { Os.kill(1 << 30, 0); return null; }, () -> { Os.kill(Os.getpid(), 1000); return null; },
                    () -> Os.clockGettimeNs(12345));
            List<String> java = new ArrayList<>();
            for (Call c : calls) {
                java.add(outcome(c));
            }
            assertEquals(python, java);
        } finally {
            Os.close(fd);
            Os.close(nb);
            Os.close(p);
        }
    }

    // ---- virtual threads ----

    /**
     * Every carrier's virtual thread blocks in eventfdRead on a counter that only one more virtual
     * thread fills: that thread runs only if the readers parked instead of holding their carriers.
     */
    @Test
    void eventfdReadParksVirtualThreads() throws Exception {
        int n = carriers();
        int[] fds = new int[n];
        for (int i = 0; i < n; i++) {
            fds[i] = Os.eventfd(0);
        }
        try {
            long[] got = new long[n];
            everyCarrierBlockedThenReleased(n, i -> got[i] = Os.eventfdRead(fds[i]), i -> Os.eventfdWrite(fds[i], 40 + i));
            for (int i = 0; i < n; i++) {
                assertEquals(40 + i, got[i]);
            }
        } finally {
            for (int fd : fds) {
                Os.close(fd);
            }
        }
    }

    /** As {@link #eventfdReadParksVirtualThreads}, with plain reads of timers that only the last thread arms. */
    @Test
    void timerfdReadParksVirtualThreads() throws Exception {
        int n = carriers();
        int[] fds = new int[n];
        for (int i = 0; i < n; i++) {
            fds[i] = Os.timerfdCreate(Os.CLOCK_MONOTONIC, 0);
        }
        try {
            long[] got = new long[n];
            everyCarrierBlockedThenReleased(n, i -> got[i] = expirations(fds[i]),
                    i -> Os.timerfdSettime(fds[i], 0, Duration.ofMillis(10), Duration.ZERO));
            for (int i = 0; i < n; i++) {
                assertEquals(1, got[i]);
            }
        } finally {
            for (int fd : fds) {
                Os.close(fd);
            }
        }
    }

    @Test
    void eventfdWorksOnPlatformThreadsAcrossThreads() throws Exception {
        int fd = Os.eventfd(0);
        try {
            AtomicReference<Object> got = new AtomicReference<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    got.set(Os.eventfdRead(fd));
                } catch (Throwable t) {
                    got.set(t);
                }
            });
            Thread.sleep(50);
            Os.eventfdWrite(fd, 9);
            reader.join(TimeUnit.SECONDS.toMillis(10));
            assertEquals(9L, got.get());
        } finally {
            Os.close(fd);
        }
    }

    // ---- helpers ----

    private interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} on this (platform) thread, then again on a virtual thread. */
    private static void onPlatformAndVirtualThread(Body body) throws Exception {
        body.run();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        assertTrue(t.join(Duration.ofSeconds(30)), "the virtual thread's run did not finish");
        if (failure.get() != null) {
            throw new AssertionError("on a virtual thread", failure.get());
        }
    }

    private interface Call {
        Object call() throws Exception;
    }

    private interface Step {
        void run(int i) throws Exception;
    }

    private static int carriers() {
        return Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
    }

    /** {@code n} virtual threads each block in {@code block(i)}; one more virtual thread then does every {@code release(i)}. */
    private static void everyCarrierBlockedThenReleased(int n, Step block, Step release) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(n);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            threads.add(Thread.ofVirtual().start(() -> {
                started.countDown();
                try {
                    block.run(k);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Thread.sleep(100); // let the readers get into their reads
        threads.add(Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    release.run(i);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }));
        for (Thread t : threads) {
            assertTrue(t.join(Duration.ofSeconds(10)), t + " did not finish: a carrier is blocked");
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    /** Whether {@code fd} is reported readable within {@code seconds}, by the wait named {@code wait}. */
    private static boolean readable(String wait, int fd, double seconds) throws IOException {
        switch (wait) {
            case "Select.select":
                return Select.select(List.of(fd), List.of(), List.of(), seconds).readable().equals(List.of(fd));
            case "Select.poll": {
                Poll poll = Select.poll();
                poll.register(fd, Select.POLLIN);
                return !poll.poll((long) (seconds * 1000)).isEmpty();
            }
            case "Select.epoll":
                try (Epoll ep = Select.epoll()) {
                    ep.register(fd, Select.EPOLLIN);
                    return !ep.poll(seconds).isEmpty();
                }
            default:
                try (BaseSelector sel = SelectorKinds.open(wait)) {
                    sel.register(fd, EVENT_READ);
                    List<SelectedKey> ready = sel.select(seconds);
                    return !ready.isEmpty() && ready.get(0).events() == EVENT_READ;
                }
        }
    }

    /** A timer read: the expirations since the last read, from 8 bytes in native order. */
    private static long expirations(int fd) throws IOException {
        byte[] b = Os.read(fd, 8);
        assertEquals(8, b.length);
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getLong();
    }

    private static void assertNear(Duration expected, Duration actual) {
        assertTrue(expected.minus(actual).abs().compareTo(Duration.ofMillis(100)) < 0, actual + " is not near " + expected);
    }

    private static String py(boolean b) {
        return b ? "True" : "False";
    }

    private static Object closing(int fd) throws IOException {
        Os.close(fd);
        return "fd";
    }

    /** What a call gave, as the Python script prints it. */
    private static String outcome(Call c) {
        try {
            Object v = c.call();
            return v == null ? "ok" : v.toString();
        } catch (ProcessLookupException e) {
            return "ProcessLookupError:" + e.errno();
        } catch (PermissionException e) {
            return "PermissionError:" + e.errno();
        } catch (BlockingIOException e) {
            return "BlockingIOError:" + e.errno();
        } catch (ErrnoException e) {
            return "OSError:" + e.errno();
        } catch (IllegalArgumentException e) {
            return "ValueError";
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** The lines python3 printed for {@code script}, or null where it is missing or lacks the calls. */
    private static List<String> python3(String script) throws InterruptedException {
        Process proc;
        try {
            proc = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        String out;
        try {
            out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        assertTrue(proc.waitFor(30, TimeUnit.SECONDS));
        if (proc.exitValue() != 0) {
            assumeTrue(!out.contains("AttributeError"), "python3 lacks a call: " + out);
            throw new AssertionError("python3 failed: " + out);
        }
        return List.of(out.strip().split("\n"));
    }
}
