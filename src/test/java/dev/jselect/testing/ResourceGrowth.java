package dev.jselect.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.internal.NativeMemory;
import java.io.IOException;

/**
 * Checks that a loop leaks neither fds nor native memory. Fds are counted by {@link ProcessState}.
 * Native memory is what jselect itself holds ({@link NativeMemory#heldBytes()}: every arena it
 * allocates from is counted), not the whole process's malloc or RSS, which the JIT, the
 * collector and other tests' threads move by megabytes at any time.
 */
public final class ResourceGrowth {
    /**
     * What jselect may hold more after the loop than before: a buffer that first grows in the
     * measured part. jselect's count is exact (the checks measure 0 to 8 bytes of growth over
     * up to a million calls), so a leak of 8 bytes a call exceeds this within 10 000 calls.
     */
    public static final long NATIVE_SLACK = 64L << 10;

    private ResourceGrowth() {}

    /** One iteration of the loop under test. */
    @FunctionalInterface
    public interface Body {
        void run(int i) throws Exception;
    }

    /** Runs {@code body} {@code iterations / 10} times to warm up, then {@code iterations} times measured. */
    public static void assertNoGrowth(int iterations, Body body) throws Exception {
        for (int i = 0; i < iterations / 10; i++) {
            body.run(i);
        }
        int fds = openFdCount();
        long held = settledHeldBytes(Long.MIN_VALUE);
        for (int i = 0; i < iterations; i++) {
            body.run(i);
        }
        long growth = settledHeldBytes(held + NATIVE_SLACK) - held;
        String report = iterations + " calls: jselect's native memory grew by " + growth + " bytes";
        assertNoFdGrowth(fds, "after " + report);
        assertTrue(growth < NATIVE_SLACK, report);
    }

    /**
     * The native memory jselect holds once the collector and the cleaners have freed what is
     * already unreachable (automatic arenas, such as a finished thread's scratch segments), so
     * that what is measured is what the loop kept, not how far the collector lagged behind it.
     * Collects at least twice, and up to ten times while the count is at {@code target} or more.
     */
    public static long settledHeldBytes(long target) throws InterruptedException {
        long held = NativeMemory.heldBytes();
        for (int i = 0; i < 10 && (i < 2 || held >= target); i++) {
            System.gc();
            Thread.sleep(50);
            held = NativeMemory.heldBytes();
        }
        return held;
    }

    /**
     * Fails when more fds are open now than {@code before}. A drop is fine: a Cleaner may close
     * the fd of an object an earlier test dropped.
     */
    public static void assertNoFdGrowth(int before, String what) throws IOException {
        int now = openFdCount();
        assertTrue(now <= before, "open fds " + before + " -> " + now + " " + what);
    }

    /** The number of fds this process has open. */
    public static int openFdCount() throws IOException {
        return ProcessState.openFds();
    }
}
