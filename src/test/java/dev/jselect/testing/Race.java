package dev.jselect.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one action on two threads released at the same instant, for close-once tests. */
public final class Race implements AutoCloseable {
    /** An action that may throw anything; a failure in either thread fails {@link #twice}. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    /** Starts {@code action} on both threads together and waits for both, rethrowing a failure. */
    public void twice(Action action) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Future<?> a = pool.submit(() -> {
            go.await();
            action.run();
            return null;
        });
        Future<?> b = pool.submit(() -> {
            go.await();
            action.run();
            return null;
        });
        go.countDown();
        a.get(10, TimeUnit.SECONDS);
        b.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
