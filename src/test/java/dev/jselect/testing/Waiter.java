package dev.jselect.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

/** A platform thread running one wait; {@link #result} joins it. */
public final class Waiter<T> {
    /** A wait that may throw. */
    @FunctionalInterface
    public interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /** What the wait returned, or the Throwable it threw. */
    public final AtomicReference<Object> outcome = new AtomicReference<>();
    public final Thread thread;

    public Waiter(ThrowingSupplier<T> wait) {
        thread = Thread.ofPlatform().start(() -> {
            try {
                outcome.set(wait.get());
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
    }

    /** Starts {@code wait} on a new thread and returns once it has had time to block in the kernel. */
    public static <T> Waiter<T> blockedIn(ThrowingSupplier<T> wait) throws InterruptedException {
        Waiter<T> w = new Waiter<>(wait);
        Thread.sleep(100);
        assertTrue(w.thread.isAlive(), "the wait should block");
        return w;
    }

    /** The wait's result, which must come within 5 s. */
    public Object result() throws InterruptedException {
        thread.join(5_000);
        assertFalse(thread.isAlive(), "the wait did not return within 5 s");
        return outcome.get();
    }
}
