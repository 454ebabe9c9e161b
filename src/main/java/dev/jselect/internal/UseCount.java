package dev.jselect.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes closing safe while other threads are still using a native resource (an fd, a buffer a
 * waiter is writing into). Every use is {@code enter(); try { ... } finally { if (leave()) free(); }},
 * and {@code if (close()) free();} closes: the resource is freed exactly once, by {@code close()}
 * when nobody is inside, otherwise by the last thread to leave. So an fd number is never freed for
 * reuse while a thread may still pass it to the kernel, and a buffer is never freed under a wait.
 *
 * <p>One atomic int, no locks and no allocation: the sign bit says "closed", the rest counts the
 * threads inside.
 */
public final class UseCount {
    private static final int CLOSED = Integer.MIN_VALUE;

    private final AtomicInteger state = new AtomicInteger();
    private final String what;

    /** {@code what} names the resource in the "closed" message, e.g. "epoll object". */
    public UseCount(String what) {
        this.what = what;
    }

    /** Starts a use; {@link IllegalStateException} once closed. */
    public void enter() {
        for (;;) {
            int s = state.get();
            if (s < 0) {
                throw closedException();
            }
            if (state.compareAndSet(s, s + 1)) {
                return;
            }
        }
    }

    /** Ends a use; true when the caller must now free the resource (closed, and it was the last one inside). */
    public boolean leave() {
        return state.decrementAndGet() == CLOSED;
    }

    /** Marks the resource closed; true when the caller must free it now (nobody inside). False when already closed. */
    public boolean close() {
        for (;;) {
            int s = state.get();
            if (s < 0) {
                return false;
            }
            if (state.compareAndSet(s, s | CLOSED)) {
                return s == 0;
            }
        }
    }

    public boolean isClosed() {
        return state.get() < 0;
    }

    /** The number of threads inside right now. */
    public int users() {
        return state.get() & ~CLOSED;
    }

    /** Python's {@code ValueError("I/O operation on closed epoll object")}. */
    public IllegalStateException closedException() {
        return new IllegalStateException("I/O operation on closed " + what);
    }
}
