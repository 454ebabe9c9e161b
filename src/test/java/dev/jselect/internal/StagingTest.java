package dev.jselect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Where staging buffers come from: a platform thread's own, the virtual threads' pool, one-offs. */
class StagingTest {
    @Test
    void aPlatformThreadReusesOneBufferGrownUpToTheLimit() {
        long first;
        try (Staging.Staged s = Staging.take(100)) {
            first = s.segment().address();
            assertTrue(s.segment().byteSize() >= 100);
        }
        try (Staging.Staged s = Staging.take(1000)) {
            assertEquals(first, s.segment().address(), "the same buffer, no allocation");
        }
        try (Staging.Staged s = Staging.take(Staging.LIMIT)) {
            assertEquals(Staging.LIMIT, s.segment().byteSize(), "grown, never beyond the limit");
        }
    }

    @Test
    void aNestedTakeGetsAnotherBuffer() {
        try (Staging.Staged outer = Staging.take(64); Staging.Staged inner = Staging.take(64)) {
            assertNotEquals(outer.segment().address(), inner.segment().address());
        }
    }

    @Test
    void aTakeBeyondTheLimitIsAOneOffFreedOnClose() {
        MemorySegment big;
        try (Staging.Staged s = Staging.take(Staging.LIMIT + 1L)) {
            big = s.segment();
            assertEquals(Staging.LIMIT + 1L, big.byteSize());
            big.set(ValueLayout.JAVA_BYTE, Staging.LIMIT, (byte) 1);
        }
        assertFalse(big.scope().isAlive(), "freed when the call is over");
        assertThrows(IllegalStateException.class, () -> big.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void virtualThreadsBorrowFromABoundedPool() throws Exception {
        int threads = Scratch.POOL_SIZE * 4;
        CountDownLatch allInside = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Long>> addresses = new ArrayList<>();
        try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < threads; i++) {
                addresses.add(vts.submit(() -> {
                    try (Staging.Staged s = Staging.take(4096)) {
                        allInside.countDown();
                        release.await(); // every thread holds its buffer at once
                        return s.segment().address();
                    }
                }));
            }
            assertTrue(allInside.await(30, TimeUnit.SECONDS));
            release.countDown();
            assertEquals(threads, addresses.stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).distinct().count(), "buffers held at the same time are distinct");
        }
        assertEquals(Scratch.POOL_SIZE, Scratch.pooled(), "the pool keeps at most POOL_SIZE of them");
        try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
            int pooledWhileBorrowed = vts.submit(() -> {
                try (Staging.Staged _ = Staging.take(10)) {
                    return Scratch.pooled();
                }
            }).get();
            assertEquals(Scratch.POOL_SIZE - 1, pooledWhileBorrowed, "borrowed, not allocated");
        }
        assertEquals(Scratch.POOL_SIZE, Scratch.pooled(), "and given back");
    }
}
