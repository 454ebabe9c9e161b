package dev.jselect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static dev.jselect.testing.Waiter.blockedIn;

import dev.jselect.testing.ProcessState;
import dev.jselect.testing.Waiter;
import dev.jselect.testing.TestFds;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Epoll#wakeup()} and {@link Poll#wakeup()}, and close from another thread, with real
 * threads blocked in the kernel. Times are checked only loosely: "promptly" is well under the
 * wait's own timeout, and "blocks" is most of it.
 */
@Timeout(60)
class WakeupTest {
    /** A wait that only a wakeup (or close) can end within the test's time. */
    private static final double LONG_SECONDS = 30;
    private final TestFds fds = new TestFds();

    @AfterEach
    void closeFds() throws Exception {
        fds.close();
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    // ---- Epoll ----

    @Test
    void epollWaitBlockedWithoutTimeoutReturnsAfterWakeup() throws Exception {
        assumeTrue(Select.hasEpoll());
        int[] pipe = fds.pipe();
        try (Epoll ep = Select.epoll()) {
            ep.register(pipe[0], Select.EPOLLIN);
            Waiter<List<EpollEvent>> w = blockedIn(ep::poll);
            ep.wakeup();
            assertEquals(List.of(), w.result(), "woken with nothing ready; the eventfd is not in the result");
        }
    }

    @Test
    void epollZeroAllocationWaitIsWokenToo() throws Exception {
        assumeTrue(Select.hasEpoll());
        int[] pipe = fds.pipe();
        try (Epoll ep = Select.epoll()) {
            ep.register(pipe[0], Select.EPOLLIN);
            Waiter<Integer> w = blockedIn(() -> ep.pollReady(-1));
            ep.wakeup();
            assertEquals(0, w.result());
        }
    }

    @Test
    void epollWakeupBeforeTheWaitMakesItReturnAtOnceWithWhatIsReady() throws Exception {
        assumeTrue(Select.hasEpoll());
        int[] pipe = fds.pipe();
        try (Epoll ep = Select.epoll()) {
            ep.register(pipe[0], Select.EPOLLIN);
            ep.register(pipe[1], Select.EPOLLOUT);
            ep.wakeup();
            long t0 = System.nanoTime();
            assertEquals(List.of(new EpollEvent(pipe[1], Select.EPOLLOUT)), ep.poll(LONG_SECONDS));
            ep.unregister(pipe[1]);
            ep.wakeup();
            assertEquals(List.of(), ep.poll(LONG_SECONDS));
            assertTrue(millisSince(t0) < 5_000, "returned at once");
        }
    }

    @Test
    void epollThousandWakeupsAreOnePendingWakeup() throws Exception {
        assumeTrue(Select.hasEpoll());
        int[] pipe = fds.pipe();
        try (Epoll ep = Select.epoll()) {
            ep.register(pipe[0], Select.EPOLLIN);
            for (int i = 0; i < 1_000; i++) {
                ep.wakeup();
            }
            long t0 = System.nanoTime();
            assertEquals(List.of(), ep.poll(LONG_SECONDS), "the first wait returns at once");
            assertTrue(millisSince(t0) < 5_000);
            t0 = System.nanoTime();
            assertEquals(List.of(), ep.poll(0.3), "the next one waits for its timeout");
            assertTrue(millisSince(t0) >= 250, "waited " + millisSince(t0) + " ms");
            ep.wakeup();
            assertEquals(0, ep.pollReady(LONG_SECONDS), "a wakeup after the wait that saw one works again");
        }
    }

    @Test
    void closeWakesEveryThreadBlockedInEpoll() throws Exception {
        assumeTrue(Select.hasEpoll());
        Set<Integer> before = ProcessState.snapshot();
        Epoll ep = Select.epoll();
        Waiter<List<EpollEvent>> first = blockedIn(ep::poll);
        Waiter<List<EpollEvent>> second = blockedIn(() -> ep.poll(LONG_SECONDS));
        ep.close();
        assertEquals(List.of(), first.result());
        assertEquals(List.of(), second.result(), "both waiters return, not only one (a wakeup is an edge)");
        assertThrows(IllegalStateException.class, () -> ep.pollReady(0));
        ep.wakeup(); // no-op once closed
        assertEquals(List.of(), ProcessState.openedSince(before), "the epoll fd and its eventfd are closed");
    }

    @Test
    void closeWakesAThreadInAZeroAllocationEpollWait() throws Exception {
        assumeTrue(Select.hasEpoll());
        Epoll ep = Select.epoll();
        Waiter<Integer> w = blockedIn(() -> ep.poll(-1, (fd, events) -> {
            throw new AssertionError("no event expected, got fd " + fd);
        }));
        assertEquals(0, ep.pollReady(0), "another thread's zero-allocation wait has a buffer of its own");
        ep.close();
        assertEquals(0, w.result());
    }

    // ---- Poll ----

    @Test
    void pollBlockedWithoutTimeoutReturnsAfterWakeup() throws Exception {
        int[] pipe = fds.pipe();
        try (Poll p = Select.poll()) {
            p.register(pipe[0], Select.POLLIN);
            Waiter<List<PollFd>> w = blockedIn(p::poll);
            p.wakeup();
            assertEquals(List.of(), w.result());
        }
    }

    @Test
    void pollWakeupBeforeAnyWaitMakesTheFirstReturnAtOnce() throws Exception {
        int[] pipe = fds.pipe();
        try (Poll p = Select.poll()) {
            p.register(pipe[0], Select.POLLIN);
            p.register(pipe[1], Select.POLLOUT);
            p.wakeup();
            long t0 = System.nanoTime();
            assertEquals(List.of(new PollFd(pipe[1], Select.POLLOUT)), p.poll(30_000));
            p.unregister(pipe[1]);
            p.wakeup();
            assertEquals(0, p.pollReady(30_000));
            assertTrue(millisSince(t0) < 5_000, "returned at once");
        }
    }

    @Test
    void pollThousandWakeupsAreOnePendingWakeup() throws Exception {
        int[] pipe = fds.pipe();
        try (Poll p = Select.poll()) {
            p.register(pipe[0], Select.POLLIN);
            p.poll(0);
            for (int i = 0; i < 1_000; i++) {
                p.wakeup();
            }
            long t0 = System.nanoTime();
            assertEquals(List.of(), p.poll(30_000), "the first wait returns at once");
            assertTrue(millisSince(t0) < 5_000);
            t0 = System.nanoTime();
            assertEquals(List.of(), p.poll(300), "the next one waits for its timeout: the wakeup was drained");
            assertTrue(millisSince(t0) >= 250, "waited " + millisSince(t0) + " ms");
        }
    }

    @Test
    void closeWakesAThreadBlockedInPollAndClosesTheWakeupFdAfterIt() throws Exception {
        Set<Integer> before = ProcessState.snapshot();
        Poll p = Select.poll();
        Waiter<List<PollFd>> w = blockedIn(p::poll);
        assertEquals(1, ProcessState.openedSince(before).size(), "the first wait opened the wakeup fd");
        p.close();
        assertEquals(List.of(), w.result());
        assertEquals(List.of(), ProcessState.openedSince(before), "closed once the waiter left");
        assertThrows(IllegalStateException.class, () -> p.poll(0));
        assertThrows(IllegalStateException.class, () -> p.register(0));
        p.wakeup(); // no-op once closed
        p.close();  // idempotent
    }

    @Test
    void aSecondThreadInAPollWaitIsRefused() throws Exception {
        try (Poll p = Select.poll()) {
            Waiter<Integer> w = blockedIn(() -> p.pollReady(-1));
            assertThrows(IllegalStateException.class, () -> p.pollReady(0));
            assertThrows(IllegalStateException.class, () -> p.poll(0, (fd, ev) -> {}));
            p.wakeup();
            assertEquals(0, w.result());
        }
    }
}
