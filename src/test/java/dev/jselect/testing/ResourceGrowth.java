package dev.jselect.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Checks that a loop leaks neither fds nor native memory. Fds are counted by {@link ProcessState}.
 * Native memory is what the C library has handed out (glibc's {@code mallinfo2()}: every Arena
 * allocation ends up there), because the process RSS also grows while the JVM first touches the
 * pages of its Java heap, by tens of megabytes per million calls that merely create garbage; RSS
 * is reported alongside but only loosely bounded.
 */
public final class ResourceGrowth {
    /** A leak of even 16 bytes a call would exceed this over 10^6 calls; the JVM's own churn stays far below. */
    private static final long MALLOC_SLACK = 16L << 20;
    private static final long RSS_SLACK = 512L << 20;
    private static final Optional<MethodHandle> MALLINFO2 = bindMallinfo2();

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
        settle();
        long malloced = mallocedBytes();
        long rss = rssBytes();
        for (int i = 0; i < iterations; i++) {
            body.run(i);
        }
        settle();
        long mallocGrowth = mallocedBytes() - malloced;
        long rssGrowth = rssBytes() - rss;
        String report = iterations + " calls: malloc'd bytes grew by " + mallocGrowth + ", RSS by " + rssGrowth;
        assertNoFdGrowth(fds, "after " + report);
        assertTrue(mallocGrowth < MALLOC_SLACK, report);
        assertTrue(rssGrowth < RSS_SLACK, report);
    }

    /**
     * Lets the garbage collector and the Cleaner free what is already unreachable (automatic
     * arenas, such as a finished thread's scratch segments), so that what is measured is what the
     * loop kept, not how far the collector lagged behind it.
     */
    private static void settle() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(50);
        }
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

    /** This process's resident set size in bytes. */
    public static long rssBytes() throws IOException {
        return ProcessState.rssBytes();
    }

    /** Bytes in use from malloc (uordblks + hblkhd of mallinfo2), or 0 without glibc's mallinfo2. */
    public static long mallocedBytes() {
        if (MALLINFO2.isEmpty()) {
            return 0;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = (MemorySegment) MALLINFO2.get().invokeExact((SegmentAllocator) arena);
            return info.getAtIndex(ValueLayout.JAVA_LONG, 7) + info.getAtIndex(ValueLayout.JAVA_LONG, 4);
        } catch (Throwable t) {
            throw new IllegalStateException("mallinfo2 failed", t);
        }
    }

    /** struct mallinfo2: ten size_t counters; uordblks is the 8th, hblkhd the 5th. */
    private static Optional<MethodHandle> bindMallinfo2() {
        Linker linker = Linker.nativeLinker();
        MemoryLayout info = MemoryLayout.structLayout(MemoryLayout.sequenceLayout(10, ValueLayout.JAVA_LONG));
        return linker.defaultLookup().find("mallinfo2").map(f -> linker.downcallHandle(f, FunctionDescriptor.of(info)));
    }
}
