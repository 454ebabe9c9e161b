package dev.jselect.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.Epoll;
import dev.jselect.Poll;
import dev.jselect.Select;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.Selectors;
import dev.jselect.testing.SelectorKinds;
import dev.jselect.testing.ThreadSignals;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PEP 475 in the syscall layer, in Select, Poll and Epoll above it, and in the selectors: a wait hit by real signals
 * is restarted, and still ends at its original deadline rather than starting its timeout over
 * after each signal.
 */
class EintrTest {
    private static final long WAIT_MS = 600;

    @BeforeAll
    static void handler() throws Throwable {
        ThreadSignals.installNoOpHandler();
    }

    interface Wait {
        int run(int[] pipe, Arena arena) throws Exception;
    }

    private static void assertRestartedUntilDeadline(Wait wait) throws Throwable {
        int[] p = FdCalls.pipe2(Platform.constant("O_CLOEXEC"));
        AtomicInteger signalled = new AtomicInteger();
        try (Arena arena = Arena.ofShared()) {
            CompletableFuture<Long> thread = new CompletableFuture<>();
            CompletableFuture<long[]> result = CompletableFuture.supplyAsync(() -> {
                try {
                    thread.complete(ThreadSignals.currentThread());
                    long t0 = System.nanoTime();
                    int n = wait.run(p, arena);
                    return new long[] {n, System.nanoTime() - t0};
                } catch (Throwable t) {
                    throw new RuntimeException(t);
                }
            });
            long target = thread.get(5, TimeUnit.SECONDS);
            long stop = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS * 3);
            while (!result.isDone() && System.nanoTime() < stop) {
                Thread.sleep(20);
                if (!result.isDone()) {
                    ThreadSignals.interrupt(target);
                    signalled.incrementAndGet();
                }
            }
            long[] r = result.get(10, TimeUnit.SECONDS);
            assertEquals(0, r[0], "nothing became ready");
            long ms = TimeUnit.NANOSECONDS.toMillis(r[1]);
            assertTrue(signalled.get() >= 5, "signals sent: " + signalled);
            assertTrue(ms >= WAIT_MS - 5, "returned early after EINTR: " + ms + " ms");
            assertTrue(ms < WAIT_MS * 3, "deadline restarted instead of honoured: " + ms + " ms");
        } finally {
            FdCalls.close(p[0]);
            FdCalls.close(p[1]);
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "epoll is Linux-only")
    void epollWait() throws Throwable {
        assertRestartedUntilDeadline((p, arena) -> {
            int ep = WaitCalls.epollCreate1(Platform.constant("EPOLL_CLOEXEC"));
            try {
                MemorySegment ev = arena.allocate(Platform.abi().layout("epoll_event"));
                ev.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 0, Platform.constant("EPOLLIN"));
                WaitCalls.epollCtl(ep, Platform.constant("EPOLL_CTL_ADD"), p[0], ev);
                return WaitCalls.epollWait(ep, arena.allocate(Platform.abi().layout("epoll_event"), 4), 4, (int) WAIT_MS);
            } finally {
                FdCalls.close(ep);
            }
        });
    }

    @Test
    void poll() throws Throwable {
        assertRestartedUntilDeadline((p, arena) -> {
            MemorySegment fds = arena.allocate(Platform.abi().layout("pollfd"));
            fds.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, p[0]);
            fds.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 4, (short) Platform.constant("POLLIN"));
            return WaitCalls.poll(fds, 1, (int) WAIT_MS);
        });
    }

    @Test
    void select() throws Throwable {
        assertRestartedUntilDeadline((p, arena) -> {
            MemorySegment set = arena.allocate(Platform.abi().layout("fd_set"));
            set.set(java.lang.foreign.ValueLayout.JAVA_LONG, (p[0] / 64) * 8L, 1L << (p[0] % 64));
            return WaitCalls.select(p[0] + 1, set, MemorySegment.NULL, MemorySegment.NULL, WAIT_MS * 1000);
        });
    }

    @Test
    void selectModule() throws Throwable {
        assertRestartedUntilDeadline((p, arena) -> Select.select(List.of(p[0]), List.of(), List.of(), WAIT_MS / 1000.0).readable().size());
    }

    @Test
    void pollObject() throws Throwable {
        assertRestartedUntilDeadline((p, arena) -> {
            Poll poll = Select.poll();
            poll.register(p[0], Select.POLLIN);
            return poll.poll(WAIT_MS).size();
        });
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "epoll is Linux-only")
    void epollObject() throws Throwable {
        assertRestartedUntilDeadline((p, arena) -> {
            try (Epoll ep = Select.epoll()) {
                ep.register(p[0], Select.EPOLLIN);
                return ep.poll(WAIT_MS / 1000.0).size();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"select", "poll", "epoll"})
    void selectorSelect(String kind) throws Throwable {
        Assumptions.assumeTrue(!kind.equals("epoll") || Select.hasEpoll(), "epoll is Linux-only");
        assertRestartedUntilDeadline((p, arena) -> {
            try (BaseSelector s = SelectorKinds.open(kind)) {
                s.register(p[0], Selectors.EVENT_READ);
                return s.select(WAIT_MS / 1000.0).size();
            }
        });
    }
}
