package dev.jselect.internal.wait;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread at a time inside a wait of one object: CPython's {@code poll_running}, whose second
 * waiter gets {@code RuntimeError: concurrent poll() invocation} (here IllegalStateException).
 */
public final class SingleWaiter {
    private final String call;
    private final AtomicBoolean waiting = new AtomicBoolean();

    /** {@code call} names the wait in the error: "poll()", "select()". */
    public SingleWaiter(String call) {
        this.call = call;
    }

    /** Claims the object for this thread's wait; pair with {@link #exit()} in a finally block. */
    public void enter() {
        if (!waiting.compareAndSet(false, true)) {
            throw new IllegalStateException("concurrent " + call + " invocation");
        }
    }

    public void exit() {
        waiting.set(false);
    }
}
