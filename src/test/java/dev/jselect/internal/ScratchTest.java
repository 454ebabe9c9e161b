package dev.jselect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.sys.Platform;
import java.lang.foreign.Linker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one owner of per-thread native memory: every struct fits its slice, and virtual threads keep no block. */
class ScratchTest {
    @Test
    void everyStructFitsItsSlice() {
        assertTrue(Linker.Option.captureStateLayout().byteSize() <= Scratch.STATE_BYTES);
        assertTrue(Platform.abi().layout("timeval").byteSize() <= Scratch.TIMEVAL_BYTES);
        assertTrue(Platform.abi().layout("pollfd").byteSize() <= 8);
        if (Platform.hasEpoll()) {
            assertTrue(Platform.abi().layout("epoll_event").byteSize() <= Scratch.EPOLL_EVENT_BYTES);
        }
        assertTrue(Constants.FD_SETSIZE / 8 <= Scratch.FD_SET_BYTES);
        assertTrue(Platform.abi().layout("sockaddr_storage").byteSize() <= Scratch.SOCKADDR_BYTES);
        assertTrue(Platform.abi().layout("linger").byteSize() + 4 <= Scratch.SMALL_BYTES, "struct linger and its socklen_t");
    }

    @Test
    void aPlatformThreadKeepsOneBlockOfItsOwn() {
        Scratch first;
        try (Scratch s = Scratch.take()) {
            first = s;
        }
        int pooled = Scratch.pooled();
        try (Scratch s = Scratch.take(); Scratch nested = Scratch.take()) {
            assertSame(first, s, "the same block, no allocation");
            assertSame(s, nested, "nested users take different slices of it");
        }
        assertEquals(pooled, Scratch.pooled(), "a thread's own block never goes to the pool");
    }

    @Test
    void virtualThreadsBorrowDistinctBlocks() throws Exception {
        Scratch[] held = new Scratch[2];
        CountDownLatch both = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int k = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try (Scratch s = Scratch.take()) {
                    held[k] = s;
                    both.countDown();
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        assertTrue(both.await(10, TimeUnit.SECONDS));
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertNotSame(held[0], held[1], "blocks held at the same time are distinct");
    }

    /** Thousands of virtual threads that each made system calls, alive at once, hold no native memory for it. */
    @Test
    void virtualThreadsThatMadeCallsKeepNoBlock() throws Exception {
        int[] pipe = FdCalls.pipe2(Constants.O_CLOEXEC);
        int count = 3_000;
        CountDownLatch called = new CountDownLatch(count);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(count);
        try {
            warmUp(pipe[0]);
            long before = NativeMemory.heldBytes();
            for (int i = 0; i < count; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        FdCalls.fcntl(pipe[0], Constants.F_GETFL, 0); // errno captured in a scratch slice
                        called.countDown();
                        release.await(); // alive, as a thread-local would keep its block
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            assertTrue(called.await(60, TimeUnit.SECONDS));
            long grown = NativeMemory.heldBytes() - before;
            assertTrue(grown < 16 * 1024, count + " live virtual threads made jselect hold " + grown + " more bytes");
        } finally {
            release.countDown();
            for (Thread t : threads) {
                t.join();
            }
            FdCalls.close(pipe[0]);
            FdCalls.close(pipe[1]);
        }
    }

    private static void warmUp(int fd) throws Exception {
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                FdCalls.fcntl(fd, Constants.F_GETFL, 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.join();
    }
}
