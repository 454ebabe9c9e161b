package dev.jselect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.testing.AllocatedBytes;
import dev.jselect.testing.TestFds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The zero-allocation waits ({@link Epoll#pollReady}, {@link Poll#pollReady}, and their callback
 * forms) report what the list forms report, on real pipes and socketpairs, and allocate no Java
 * object in steady state: measured with the thread's allocated-bytes counter
 * ({@code ThreadMXBean.getThreadAllocatedBytes}), not timed.
 */
class ZeroAllocationWaitTest {
    /** Waits measured per allocation check; a byte per wait would exceed the slack a hundredfold. */
    private static final int WAITS = 100_000;
    /** What the JVM itself may allocate on this thread meanwhile (e.g. a JIT deoptimization's bookkeeping). */
    private static final long SLACK_BYTES = 1024;
    /** Waits measured per round of the list tests: the result is allocated every time, so fewer suffice. */
    private static final int LIST_WAITS = 20_000;
    /** Where the list tests put each result, so that neither it nor its twin built by hand can be optimized away. */
    private static volatile Object kept;

    private final TestFds fds = new TestFds();

    @AfterEach
    void closeFds() throws Exception {
        fds.close();
    }

    /** A mix: a readable pipe, a writable pipe end, a socketpair end with data, an idle one. */
    private int[] mixedFds() throws Exception {
        int[] readable = fds.pipe();
        TestFds.write(readable[1], "x");
        int[] idle = fds.pipe();
        int[] sp = fds.socketpair();
        TestFds.write(sp[1], "ping");
        return new int[] {readable[0], idle[0], idle[1], sp[0]};
    }

    @Test
    void epollPollReadyReportsWhatPollReports() throws Exception {
        assumeTrue(Select.hasEpoll());
        try (Epoll ep = Select.epoll()) {
            for (int fd : mixedFds()) {
                ep.register(fd);
            }
            List<EpollEvent> expected = sorted(ep.poll(0));
            assertEquals(3, expected.size(), "the readable pipe, the pipe's write end, the socketpair end");

            int n = ep.pollReady(0);
            List<EpollEvent> byIndex = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byIndex.add(new EpollEvent(ep.readyFd(i), ep.readyEvents(i)));
            }
            assertEquals(expected, sorted(byIndex));
            assertThrows(IndexOutOfBoundsException.class, () -> ep.readyFd(n));
            assertThrows(IndexOutOfBoundsException.class, () -> ep.readyEvents(-1));

            List<EpollEvent> byCallback = new ArrayList<>();
            assertEquals(3, ep.poll(0, (fd, events) -> byCallback.add(new EpollEvent(fd, events))));
            assertEquals(expected, sorted(byCallback));

            assertEquals(1, ep.pollReady(0, 1), "maxevents applies");
        }
    }

    @Test
    void pollPollReadyReportsWhatPollReportsInRegistrationOrder() throws Exception {
        try (Poll p = Select.poll()) {
            for (int fd : mixedFds()) {
                p.register(fd);
            }
            List<PollFd> expected = p.poll(0);
            assertEquals(3, expected.size());

            int n = p.pollReady(0);
            List<PollFd> byIndex = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byIndex.add(new PollFd(p.readyFd(i), p.readyRevents(i)));
            }
            assertEquals(expected, byIndex);
            assertThrows(IndexOutOfBoundsException.class, () -> p.readyFd(n));

            List<PollFd> byCallback = new ArrayList<>();
            assertEquals(3, p.poll(0, (fd, revents) ->
                    byCallback.add(new PollFd(fd, revents))));
            assertEquals(expected, byCallback);
        }
    }

    @Test
    void epollWaitsAllocateNothingInSteadyState() throws Exception {
        assumeTrue(Select.hasEpoll());
        int[] pipe = fds.pipe();
        TestFds.write(pipe[1], "x");
        try (Epoll ep = Select.epoll()) {
            ep.register(pipe[0], Select.EPOLLIN);
            ep.wakeup(); // the eventfd is registered and its event seen: the path includes the wakeup check
            int[] seen = new int[1];
            EventHandler handler = (fd, events) -> seen[0] = fd;
            assertNoAllocation("Epoll.pollReady + readyFd", () -> {
                if (ep.pollReady(0) != 1 || ep.readyFd(0) != pipe[0] || ep.readyEvents(0) != Select.EPOLLIN) {
                    throw new AssertionError("the readable pipe was not reported");
                }
            });
            assertNoAllocation("Epoll.poll(timeout, handler)", () -> {
                seen[0] = -1;
                if (ep.poll(0, handler) != 1 || seen[0] != pipe[0]) {
                    throw new AssertionError("the readable pipe was not reported");
                }
            });
        }
    }

    @Test
    void pollWaitsAllocateNothingInSteadyState() throws Exception {
        int[] pipe = fds.pipe();
        TestFds.write(pipe[1], "x");
        try (Poll p = Select.poll()) {
            p.register(pipe[0], Select.POLLIN);
            int[] seen = new int[1];
            EventHandler handler = (fd, revents) -> seen[0] = fd;
            assertNoAllocation("Poll.pollReady + readyFd", () -> {
                if (p.pollReady(0) != 1 || p.readyFd(0) != pipe[0] || p.readyRevents(0) != Select.POLLIN) {
                    throw new AssertionError("the readable pipe was not reported");
                }
            });
            assertNoAllocation("Poll.poll(timeout, handler)", () -> {
                seen[0] = -1;
                if (p.poll(0, handler) != 1 || seen[0] != pipe[0]) {
                    throw new AssertionError("the readable pipe was not reported");
                }
            });
        }
    }

    /**
     * A list wait allocates only its result: the list, an array with room for exactly its
     * elements, and the elements. Measured against the same result built by hand (an ArrayList
     * sized to one element, and the element), so the figure does not depend on the JVM's object
     * layout; a list grown from the default capacity, or a lambda made per wait, costs more.
     */
    @Test
    void epollListFormAllocatesOnlyItsResult() throws Exception {
        assumeTrue(Select.hasEpoll());
        int[] pipe = fds.pipe();
        TestFds.write(pipe[1], "x");
        try (Epoll ep = Select.epoll()) {
            ep.register(pipe[0], Select.EPOLLIN);
            assertAllocatesAtMostByHand("Epoll.poll(0)", () -> {
                List<EpollEvent> got = ep.poll(0);
                if (got.size() != 1) {
                    throw new AssertionError("the readable pipe was not reported: " + got);
                }
                kept = got;
            }, () -> {
                List<EpollEvent> made = new ArrayList<>(1);
                made.add(new EpollEvent(pipe[0], Select.EPOLLIN));
                kept = made;
            });
        }
    }

    @Test
    void pollListFormAllocatesOnlyItsResult() throws Exception {
        int[] pipe = fds.pipe();
        TestFds.write(pipe[1], "x");
        try (Poll p = Select.poll()) {
            p.register(pipe[0], Select.POLLIN);
            assertAllocatesAtMostByHand("Poll.poll(0)", () -> {
                List<PollFd> got = p.poll(0);
                if (got.size() != 1) {
                    throw new AssertionError("the readable pipe was not reported: " + got);
                }
                kept = got;
            }, () -> {
                List<PollFd> made = new ArrayList<>(1);
                made.add(new PollFd(pipe[0], Select.POLLIN));
                kept = made;
            });
        }
    }

    /** {@code wait} allocates no more bytes per call than {@code byHand}, in steady state. */
    private static void assertAllocatesAtMostByHand(String what, Wait wait, Wait byHand) throws Exception {
        double waits = leastBytesPerCall(wait);
        double hand = leastBytesPerCall(byHand);
        if (waits > hand + (double) SLACK_BYTES / LIST_WAITS) {
            throw new AssertionError(what + " allocates " + waits + " bytes per call, its result built by hand " + hand);
        }
    }

    /** The fewest bytes per call over a few rounds of {@link #LIST_WAITS} calls, after a warm-up. */
    private static double leastBytesPerCall(Wait call) throws Exception {
        assumeTrue(AllocatedBytes.isSupported(), "no per-thread allocation counter in this JVM");
        for (int i = 0; i < 2 * LIST_WAITS; i++) {
            call.run();
        }
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = AllocatedBytes.ofCurrentThread();
            for (int i = 0; i < LIST_WAITS; i++) {
                call.run();
            }
            least = Math.min(least, AllocatedBytes.ofCurrentThread() - before);
        }
        return (double) least / LIST_WAITS;
    }

    @FunctionalInterface
    interface Wait {
        void run() throws Exception;
    }

    /**
     * Runs {@code wait} to warm up, then rounds of {@link #WAITS} while counting this thread's
     * allocated bytes: steady state is reached once the JIT has compiled the path, which on a busy
     * machine may take a few rounds, so one round within the slack passes.
     */
    private static void assertNoAllocation(String what, Wait wait) throws Exception {
        assumeTrue(AllocatedBytes.isSupported(), "no per-thread allocation counter in this JVM");
        for (int i = 0; i < WAITS / 2; i++) {
            wait.run();
        }
        List<Long> rounds = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            long before = AllocatedBytes.ofCurrentThread();
            for (int i = 0; i < WAITS; i++) {
                wait.run();
            }
            long allocated = AllocatedBytes.ofCurrentThread() - before;
            if (allocated < SLACK_BYTES) {
                return;
            }
            rounds.add(allocated);
        }
        throw new AssertionError(what + ": bytes allocated per round of " + WAITS + " waits: " + rounds);
    }

    private static List<EpollEvent> sorted(List<EpollEvent> events) {
        List<EpollEvent> copy = new ArrayList<>(events);
        copy.sort(Comparator.comparingInt(EpollEvent::fd));
        return copy;
    }
}
