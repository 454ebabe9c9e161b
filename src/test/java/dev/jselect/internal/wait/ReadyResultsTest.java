package dev.jselect.internal.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each thread's wait results stay its own until its next wait, whichever thread waited first. */
class ReadyResultsTest {
    @Test
    void entriesKeepOrderAndCheckTheirIndex() {
        ReadyResults results = new ReadyResults();
        ReadyResults.Entries e = results.reset();
        assertSame(e, results.forReading());
        assertEquals(0, e.count());
        e.add(7, 1);
        e.add(9, 4);
        assertEquals(2, e.count());
        assertEquals(7, e.fd(0));
        assertEquals(1, e.events(0));
        assertEquals(9, e.fd(1));
        assertEquals(4, e.events(1));
        for (int i : new int[] {-1, 2, 3}) {
            assertThrows(IndexOutOfBoundsException.class, () -> e.fd(i), "index " + i);
            assertThrows(IndexOutOfBoundsException.class, () -> e.events(i), "index " + i);
        }
        assertSame(e, results.forReading(), "the list a wait filled is the one read");
        results.reset();
        assertEquals(0, results.forReading().count(), "a new wait starts empty");
        assertThrows(IndexOutOfBoundsException.class, () -> e.fd(0));
    }

    @Test
    void listsGrowAsAWaitAddsEntries() throws Exception {
        ReadyResults results = new ReadyResults();
        ReadyResults.Entries e = results.reset();
        for (int i = 0; i < 100; i++) { // beyond the first 16 and several doublings
            e.add(i, -i);
        }
        assertEquals(100, e.count());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, e.fd(i), "fd " + i + " kept across growth");
            assertEquals(-i, e.events(i));
        }
        ReadyResults.SINK.start(results.reset(), 1);
        ReadyResults.SINK.add(e, 5, 5);
        assertEquals(1, e.count(), "a smaller wait starts empty");
        assertEquals(5, e.fd(0));
        assertThrows(IndexOutOfBoundsException.class, () -> e.fd(1), "nothing of the earlier wait is readable");
    }

    @Test
    void eachThreadReadsItsOwnResults() throws Exception {
        ReadyResults results = new ReadyResults();
        ExecutorService[] threads = {Executors.newSingleThreadExecutor(), Executors.newSingleThreadExecutor(),
                Executors.newSingleThreadExecutor()};
        try {
            // the first thread only reads: that must not make it the owner of the shared list
            assertEquals(0, on(threads[0], () -> results.forReading().count()));
            for (int t = 0; t < 3; t++) {
                int fd = 10 + t;
                on(threads[t], () -> {
                    ReadyResults.Entries e = results.reset();
                    for (int i = 0; i <= fd - 10; i++) {
                        e.add(fd, i);
                    }
                    return null;
                });
            }
            for (int t = 0; t < 3; t++) {
                int expectedFd = 10 + t;
                ReadyResults.Entries mine = on(threads[t], results::forReading);
                assertEquals(t + 1, on(threads[t], mine::count), "thread " + t + "'s count, not another's");
                assertEquals(expectedFd, on(threads[t], () -> mine.fd(0)));
                assertSame(mine, on(threads[t], results::forReading));
            }
            assertEquals(0, results.forReading().count(), "a thread that never waited has nothing");
        } finally {
            for (ExecutorService s : threads) {
                s.shutdown();
                s.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static <T> T on(ExecutorService thread, Callable<T> c) throws Exception {
        return thread.submit(c).get(5, TimeUnit.SECONDS);
    }
}
