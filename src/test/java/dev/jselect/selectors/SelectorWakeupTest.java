package dev.jselect.selectors;

import static dev.jselect.selectors.Selectors.EVENT_READ;
import static dev.jselect.selectors.Selectors.EVENT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.Select;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.testing.ProcessState;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link BaseSelector#wakeup()} and {@link BaseSelector#close()} from another thread, for every
 * selector, with a real thread blocked in {@code select()}. Times are checked loosely.
 */
@Timeout(60)
class SelectorWakeupTest {
    private static BaseSelector open(String kind) throws IOException {
        return switch (kind) {
            case "epoll" -> {
                assumeTrue(Select.hasEpoll(), "epoll is Linux-only");
                yield new EpollSelector();
            }
            case "poll" -> new PollSelector();
            case "select" -> new SelectSelector();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** A thread blocked in {@code sel.select()} (no timeout). */
    private static Thread blockedInSelect(BaseSelector sel, AtomicReference<Object> outcome) throws InterruptedException {
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                outcome.set(sel.select());
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        Thread.sleep(100);
        assertTrue(t.isAlive(), "select() should block");
        return t;
    }

    private static void joinPromptly(Thread t) throws InterruptedException {
        t.join(5_000);
        assertFalse(t.isAlive(), "select() did not return within 5 s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "poll", "select"})
    void aBlockedSelectReturnsAfterWakeup(String kind) throws Exception {
        try (Pipe pipe = Os.pipe(); BaseSelector sel = open(kind)) {
            sel.register(pipe.readFd(), EVENT_READ);
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread t = blockedInSelect(sel, outcome);
            sel.wakeup();
            joinPromptly(t);
            assertEquals(List.of(), outcome.get(), "woken with nothing ready; the wakeup fd is no key");
            Os.write(pipe.writeFd(), new byte[] {1});
            List<SelectedKey> ready = sel.select(5);
            assertEquals(1, ready.size());
            assertEquals(pipe.readFd(), ready.get(0).key().fd());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "poll", "select"})
    void thousandWakeupsBeforeSelectReturnItOnceThenItBlocksAgain(String kind) throws Exception {
        try (Pipe pipe = Os.pipe(); BaseSelector sel = open(kind)) {
            sel.register(pipe.readFd(), EVENT_READ);
            sel.register(pipe.writeFd(), EVENT_WRITE);
            for (int i = 0; i < 1_000; i++) {
                sel.wakeup();
            }
            long t0 = System.nanoTime();
            List<SelectedKey> ready = sel.select(30);
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "returned at once");
            assertEquals(1, ready.size(), "with what is ready, and no wakeup fd");
            assertEquals(pipe.writeFd(), ready.get(0).key().fd());
            sel.unregister(pipe.writeFd());
            t0 = System.nanoTime();
            assertEquals(List.of(), sel.select(0.3), "the wakeup was consumed: this select waits out its timeout");
            assertTrue(System.nanoTime() - t0 >= 250_000_000L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "poll", "select"})
    void closeFromAnotherThreadWakesTheSelectAndLeaksNoFd(String kind) throws Exception {
        try (Pipe pipe = Os.pipe()) {
            Set<Integer> before = ProcessState.snapshot();
            BaseSelector sel = open(kind);
            sel.register(pipe.readFd(), EVENT_READ);
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread t = blockedInSelect(sel, outcome);
            sel.close();
            joinPromptly(t);
            assertEquals(List.of(), outcome.get());
            assertThrows(IllegalStateException.class, () -> sel.select(0));
            sel.wakeup(); // no-op once closed
            assertEquals(List.of(), ProcessState.openedSince(before), "the selector's fds are closed after the waiter left");
        }
    }
}
