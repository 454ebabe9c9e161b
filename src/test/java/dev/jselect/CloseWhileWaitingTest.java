package dev.jselect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.Selectors;
import dev.jselect.testing.ProcessState;
import dev.jselect.testing.ResourceGrowth;
import dev.jselect.testing.SelectorKinds;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Close while another thread waits, raced 1 000 times per kind of object (after 100 rounds of
 * warm-up): a thread blocks without a timeout in {@code Epoll.poll()}, {@code Poll.poll()} or a
 * selector's {@code select()} on a pipe that never becomes ready, and the test thread closes the
 * object at a random moment, from before the wait has begun to well inside it. As the javadoc
 * says, the waiter either is woken and returns an empty result, or (when the close came first)
 * gets {@link IllegalStateException} from the object, never one from freed native memory, and
 * never hangs. Right after the close the test opens a pipe, which takes the lowest free numbers
 * (the object's own fd number if it is free already), and uses it once the waiter has left: it
 * works, and the waiter saw none of it. For Epoll the test also checks that while the waiter is
 * inside, its event buffer is alive and its fd still open (so the kernel can neither write into
 * freed memory nor reach a reused number), and that both are released once it has left. Over
 * all rounds no fd and no native memory is left behind.
 */
@Tag("soak")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CloseWhileWaitingTest {
    private static final int ROUNDS = 1_000;

    /** What the rounds of one kind ended with. */
    private static final class Outcomes {
        final AtomicInteger woken = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger closedUnderAWait = new AtomicInteger();

        void check(String kind) {
            assertEquals(ROUNDS + ROUNDS / 10, woken.get() + refused.get());
            assertTrue(woken.get() > 0, kind + ": no close ever reached a thread inside the wait: " + this);
            System.out.printf("CloseWhileWaitingTest %s: %s%n", kind, this);
        }

        @Override
        public String toString() {
            return woken + " waits woken by close, " + refused + " refused (closed first)"
                    + (closedUnderAWait.get() > 0 ? ", " + closedUnderAWait + " closes seen to defer the fd and buffer" : "");
        }
    }

    /** The wait under test, started on a new thread; returns the result (an empty list or array when woken). */
    @FunctionalInterface
    interface Wait {
        List<?> run() throws Exception;
    }

    /** Runs one round: start the wait, close at a random moment, check the outcome and the pipe opened after the close. */
    private static void round(Wait wait, AutoCloseable object, Runnable afterClose, Random random, Outcomes outcomes) throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                outcome.set(wait.run());
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        spin(random.nextInt(4) == 0 ? 0 : random.nextInt(300_000)); // up to 0.3 ms: before, during and well inside the wait
        object.close();
        afterClose.run();
        try (Pipe grabbed = Os.pipe()) { // takes the lowest free numbers, the object's own if it is free already
            waiter.join(5_000);
            assertFalse(waiter.isAlive(), "the waiter was not woken by close within 5 s");
            Object o = outcome.get();
            if (o instanceof List<?> result) {
                assertEquals(List.of(), result, "woken by close: nothing was ready");
                outcomes.woken.incrementAndGet();
            } else {
                IllegalStateException e = assertInstanceOf(IllegalStateException.class, o, "the only documented failure");
                assertFalse(e.getStackTrace()[0].getClassName().startsWith("jdk.internal.foreign"),
                        () -> "native memory was freed under the call: " + e);
                outcomes.refused.incrementAndGet();
            }
            Os.write(grabbed.writeFd(), new byte[] {42});
            assertArrayEquals(new byte[] {42}, Os.read(grabbed.readFd(), 10), "an fd opened after the close works normally");
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void epollPoll() throws Exception {
        assumeTrue(Select.hasEpoll(), "epoll is Linux-only");
        Outcomes outcomes = new Outcomes();
        Random random = new Random(1);
        try (Pipe pipe = Os.pipe()) {
            ResourceGrowth.assertNoGrowth(ROUNDS, i -> {
                Epoll ep = Select.epoll();
                ep.register(pipe.readFd(), Select.EPOLLIN);
                int epfd = ep.fileno();
                round(ep::poll, ep, () -> {
                    // Read in this order: once closed, the count of calls in flight only falls,
                    // so a call still in flight at the end was in flight at the first two reads.
                    boolean bufferAlive = ep.kernel.buffer().segment().scope().isAlive();
                    boolean fdOpen = ProcessState.isOpen(epfd);
                    if (ep.kernel.core().callsInFlight() > 0) { // the waiter is inside: nothing may be released yet
                        assertTrue(bufferAlive, "the event buffer was freed under a wait");
                        assertTrue(fdOpen, "the epoll fd was closed under a wait");
                        outcomes.closedUnderAWait.incrementAndGet();
                    }
                }, random, outcomes);
                assertEquals(0, ep.kernel.core().callsInFlight());
                assertFalse(ep.kernel.buffer().segment().scope().isAlive(), "the buffer is freed once the waiter has left");
            });
        }
        outcomes.check("Epoll.poll()");
        assertTrue(outcomes.closedUnderAWait.get() > 0, outcomes.toString());
    }

    @Test
    void pollPoll() throws Exception {
        Outcomes outcomes = new Outcomes();
        Random random = new Random(2);
        try (Pipe pipe = Os.pipe()) {
            ResourceGrowth.assertNoGrowth(ROUNDS, i -> {
                Poll p = Select.poll();
                p.register(pipe.readFd(), Select.POLLIN);
                round(p::poll, p, () -> { }, random, outcomes);
            });
        }
        outcomes.check("Poll.poll()");
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "poll", "select"})
    void selectorSelect(String kind) throws Exception {
        assumeTrue(!kind.equals("epoll") || Select.hasEpoll(), "epoll is Linux-only");
        Outcomes outcomes = new Outcomes();
        Random random = new Random(3);
        try (Pipe pipe = Os.pipe()) {
            ResourceGrowth.assertNoGrowth(ROUNDS, i -> {
                BaseSelector s = SelectorKinds.open(kind);
                s.register(pipe.readFd(), Selectors.EVENT_READ);
                round(s::select, s, () -> { }, random, outcomes);
            });
        }
        outcomes.check(kind + " selector's select()");
    }
}
